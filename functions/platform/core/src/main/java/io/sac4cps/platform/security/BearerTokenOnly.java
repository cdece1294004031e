package io.sac4cps.platform.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.function.aws.proxy.security.MicronautLambdaAuthenticationFetcher;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Functions authenticate a request from its bearer token only (defence in depth behind the API
 * Gateway authorizer). micronaut-function-aws's own fetcher turns {@code requestContext.authorizer}
 * into an authentication without roles and has the same order as the JWT fetcher, so whichever ran
 * first won: a request was at random authenticated without roles and refused with 403. This
 * replacement finds nothing, leaving the token to decide.
 */
@Singleton
@Replaces(MicronautLambdaAuthenticationFetcher.class)
public class BearerTokenOnly implements AuthenticationFetcher<HttpRequest<?>> {
  @Override
  public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
    return Publishers.empty();
  }
}
