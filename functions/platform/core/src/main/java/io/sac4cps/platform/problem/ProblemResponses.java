package io.sac4cps.platform.problem;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
    int status = base.code();
    List<Problem.FieldError> fieldErrors = new ArrayList<>();
    Throwable cause = context.getRootCause().orElse(null);
    if (cause instanceof ProblemException problem) {
      fieldErrors.addAll(problem.errors());
    } else if (status == 400) {
      for (Error error : context.getErrors()) {
        fieldErrors.add(
            new Problem.FieldError(fieldName(error, cause), fieldMessage(error.getMessage())));
      }
    }
    String detail = detail(status, cause, context);
    Problem body =
        new Problem(
            Problem.typeFor(status),
            HttpStatus.valueOf(status).getReason(),
            status,
            detail,
            context.getRequest().getPath(),
            fieldErrors);
    return base.body(body).contentType(Problem.MEDIA_TYPE);
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
      default ->
          status >= 500 ? "An internal error occurred." : HttpStatus.valueOf(status).getReason();
    };
  }

  /** The field a binding error is about: the JSON path Jackson reports, or the argument name. */
  private static String fieldName(Error error, Throwable cause) {
    if (cause instanceof ConversionErrorException conversion) {
      String path = jsonPath(conversion.getConversionError().getCause());
      return path != null ? path : conversion.getArgument().getName();
    }
    return error.getPath().map(ProblemResponses::stripArgumentPrefix).orElse("body");
  }

  /** Validation paths look like {@code create.request.roomId}; users know only {@code roomId}. */
  private static String stripArgumentPrefix(String path) {
    String[] parts = path.split("\\.", 3);
    return parts.length == 3 ? parts[2] : parts[parts.length - 1];
  }

  private static String jsonPath(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof com.fasterxml.jackson.databind.JsonMappingException mapping
          && !mapping.getPath().isEmpty()) {
        StringBuilder path = new StringBuilder();
        for (var ref : mapping.getPath()) {
          if (ref.getFieldName() != null) {
            path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
          } else if (ref.getIndex() >= 0) {
            path.append('[').append(ref.getIndex()).append(']');
          }
        }
        return path.toString();
      }
    }
    return null;
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
