package io.sac4cps.identity.api;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.sac4cps.identity.service.LoginLockedException;
import jakarta.inject.Singleton;

/** 429 problem with {@code Retry-After} for a locked-out email. */
@Singleton
public class LoginLockedHandler implements ExceptionHandler<LoginLockedException, HttpResponse<?>> {
  private final ErrorResponseProcessor<?> responses;

  LoginLockedHandler(ErrorResponseProcessor<?> responses) {
    this.responses = responses;
  }

  @Override
  public HttpResponse<?> handle(HttpRequest request, LoginLockedException exception) {
    return responses.processResponse(
        ErrorContext.builder(request).cause(exception).errorMessage(exception.getMessage()).build(),
        HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
            .header(HttpHeaders.RETRY_AFTER, String.valueOf(exception.retryAfter().toSeconds())));
  }
}
