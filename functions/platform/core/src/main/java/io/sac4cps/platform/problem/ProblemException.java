package io.sac4cps.platform.problem;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thrown by function code to answer with a problem document and, when the answer needs them, its
 * headers ({@code Retry-After}, say); never carries secrets.
 */
public class ProblemException extends RuntimeException {
  private final HttpStatus status;
  private final List<Problem.FieldError> errors;
  private final Map<String, String> headers;

  public ProblemException(HttpStatus status, String detail, List<Problem.FieldError> errors) {
    this(status, detail, errors, Map.of());
  }

  private ProblemException(
      HttpStatus status,
      String detail,
      List<Problem.FieldError> errors,
      Map<String, String> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.errors = List.copyOf(errors);
    this.headers = Map.copyOf(headers);
  }

  public ProblemException(HttpStatus status, String detail) {
    this(status, detail, List.of());
  }

  public static ProblemException badRequest(String field, String message) {
    return new ProblemException(
        HttpStatus.BAD_REQUEST,
        "The request is invalid.",
        List.of(new Problem.FieldError(field, message)));
  }

  public static ProblemException badRequest(List<Problem.FieldError> errors) {
    return new ProblemException(HttpStatus.BAD_REQUEST, "The request is invalid.", errors);
  }

  /** Also used for another tenant's resources: their existence is not revealed. */
  public static ProblemException notFound(String what, String id) {
    return new ProblemException(HttpStatus.NOT_FOUND, what + " '" + id + "' was not found.");
  }

  public static ProblemException conflict(String detail) {
    return new ProblemException(HttpStatus.CONFLICT, detail);
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(HttpStatus.FORBIDDEN, detail);
  }

  /** 429 with {@code Retry-After} in whole seconds (at least one). */
  public static ProblemException tooManyRequests(String detail, Duration retryAfter) {
    return new ProblemException(HttpStatus.TOO_MANY_REQUESTS, detail)
        .withHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
  }

  /** The same problem, answered with one more response header. */
  public ProblemException withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ProblemException(status, getMessage(), errors, more);
  }

  /** Response headers the answer carries. */
  public Map<String, String> headers() {
    return headers;
  }

  public HttpStatus status() {
    return status;
  }

  public List<Problem.FieldError> errors() {
    return errors;
  }
}
