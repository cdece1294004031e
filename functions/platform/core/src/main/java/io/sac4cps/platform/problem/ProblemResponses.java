package io.sac4cps.platform.problem;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.serde.exceptions.InvalidPropertyFormatException;
import io.micronaut.serde.exceptions.SerdeException;
import io.micronaut.serde.exceptions.path.CollectionItemReferencePath;
import io.micronaut.serde.exceptions.path.MapItemReferencePath;
import io.micronaut.serde.exceptions.path.PropertyReferencePath;
import io.micronaut.serde.exceptions.path.ReferencePath;
import io.sac4cps.platform.jdbc.DatabaseOutage;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.MDC;

/**
 * Turns every error Micronaut produces (unknown route, wrong method, malformed JSON, wrong types,
 * failed validation, denied access) into one problem+json shape, so no error escapes as HTML, a
 * stack trace or Micronaut's own JSON.
 */
@Primary
@Singleton
public class ProblemResponses implements ErrorResponseProcessor<Problem> {

  @Override
  public MutableHttpResponse<Problem> processResponse(
      ErrorContext context, MutableHttpResponse<?> base) {
    Throwable cause = context.getRootCause().orElse(null);
    if (base.code() == 500 && DatabaseOutage.causes(cause)) {
      // Not a bug but an outage: say so at once, and when to come back (the pool gives up on a
      // connection within its timeout instead of hanging the request).
      base.status(HttpStatus.SERVICE_UNAVAILABLE)
          .header(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseOutage.RETRY_AFTER.toSeconds()));
    }
    int status = base.code();
    List<Problem.FieldError> fieldErrors = new ArrayList<>();
    if (cause instanceof ProblemException problem) {
      fieldErrors.addAll(problem.errors());
    } else if (cause instanceof ConstraintViolationException violations) {
      for (ConstraintViolation<?> violation : violations.getConstraintViolations()) {
        fieldErrors.add(
            new Problem.FieldError(
                stripArgumentPrefix(violation.getPropertyPath().toString()),
                violation.getMessage()));
      }
    } else if (status == 400) {
      String field = bodyField(cause);
      for (Error error : context.getErrors()) {
        fieldErrors.add(new Problem.FieldError(field, fieldMessage(error.getMessage())));
      }
    }
    String detail = detail(status, cause, context);
    Problem body =
        new Problem(
            Problem.TYPE,
            HttpStatus.valueOf(status).getReason(),
            status,
            detail,
            context.getRequest().getPath(),
            MDC.get("requestId"),
            fieldErrors);
    if (status == 401 && base.getHeaders().get(HttpHeaders.WWW_AUTHENTICATE) == null) {
      base.header(HttpHeaders.WWW_AUTHENTICATE, challenge(context.getRequest()));
    }
    return base.body(body).contentType(Problem.MEDIA_TYPE);
  }

  /**
   * RFC 6750: what a 401 asks for, with {@code invalid_token} when a bearer token came and was
   * refused; a client that authenticated with HTTP Basic (the token endpoint) is asked for Basic.
   */
  private static String challenge(HttpRequest<?> request) {
    String authorization = request.getHeaders().getAuthorization().orElse("");
    // Basic only where the contract takes it (the public token endpoint); a secured route asks
    // for its bearer token whatever the caller sent.
    if (authorization.regionMatches(true, 0, "Basic ", 0, 6) && !securedRoute(request)) {
      return "Basic realm=\"sac4cps\"";
    }
    return authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        ? "Bearer realm=\"sac4cps\", error=\"invalid_token\""
        : "Bearer realm=\"sac4cps\"";
  }

  private static boolean securedRoute(HttpRequest<?> request) {
    return Routes.CONTRACT
        .match(request.getMethodName(), request.getPath())
        .map(match -> match.operation().secured())
        .orElse(true);
  }

  /** The contract, parsed on first use. */
  private static final class Routes {
    static final io.sac4cps.contracts.api.ApiContract CONTRACT =
        io.sac4cps.contracts.api.ApiContract.load();
  }

  private static String detail(int status, Throwable cause, ErrorContext context) {
    if (cause instanceof ProblemException problem) {
      return problem.getMessage();
    }
    return switch (status) {
      case 400 -> "The request is invalid.";
      case 401 -> "A valid bearer token is required.";
      case 403 -> "The token does not grant access to this operation.";
      case 404 -> "No such resource: " + context.getRequest().getPath();
      case 405 -> "Method " + context.getRequest().getMethodName() + " is not allowed here.";
      case 413 -> "The request body is too large.";
      case 415 -> "The request body must be application/json.";
      case 503 ->
          "The database is unavailable; nothing of this request was stored. Retry after "
              + DatabaseOutage.RETRY_AFTER.toSeconds()
              + " s.";
      default -> status >= 500 ? internalError() : HttpStatus.valueOf(status).getReason();
    };
  }

  /**
   * What a user sees of an unexpected error (a {@link io.sac4cps.platform.jdbc.StoreException}, a
   * bug): nothing internal, only the request id to quote, which the logs carry too.
   */
  private static String internalError() {
    String requestId = MDC.get("requestId");
    return requestId == null
        ? "An internal error occurred."
        : "An internal error occurred. Quote request id " + requestId + " when reporting it.";
  }

  /** The field a body decoding error is about: the path Micronaut Serde reports, else "body". */
  private static String bodyField(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof SerdeException serde && !serde.getPath().isEmpty()) {
        return jsonPath(serde.getPath());
      }
      if (t instanceof InvalidPropertyFormatException property) {
        return property.getArgument().getName();
      }
      if (t instanceof ConversionErrorException conversion) {
        return conversion.getArgument().getName();
      }
    }
    return "body";
  }

  /** {@code readings[3].value}: the path as a client would write it. */
  private static String jsonPath(List<ReferencePath> path) {
    StringBuilder text = new StringBuilder();
    // Serde lists the innermost node first.
    for (ReferencePath node : path.reversed()) {
      if (node instanceof CollectionItemReferencePath item) {
        text.append('[').append(item.index()).append(']');
      } else if (node instanceof MapItemReferencePath entry) {
        text.append(text.isEmpty() ? "" : ".").append(entry.key());
      } else if (node instanceof PropertyReferencePath property) {
        text.append(text.isEmpty() ? "" : ".").append(property.property().getName());
      }
    }
    return text.isEmpty() ? "body" : text.toString();
  }

  /** Validation paths look like {@code create.request.roomId}; users know only {@code roomId}. */
  private static String stripArgumentPrefix(String path) {
    String[] parts = path.split("\\.", 3);
    return parts.length == 3 ? parts[2] : parts[parts.length - 1];
  }

  /** Keeps parser internals (class names, source excerpts) out of user-facing messages. */
  private static String fieldMessage(String message) {
    if (message == null) {
      return "is invalid";
    }
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("unexpected character")
        || lower.contains("unexpected end")
        || lower.contains("unrecognized token")
        || lower.contains("malformed")) {
      return "is not valid JSON";
    }
    int cut = message.indexOf(" at [Source");
    return cut > 0 ? message.substring(0, cut) : message;
  }
}
