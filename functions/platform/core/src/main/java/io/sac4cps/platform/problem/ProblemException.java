package io.sac4cps.platform.problem;

import io.micronaut.http.HttpStatus;
import java.util.List;

/** Thrown by function code to answer with a problem document; never carries secrets. */
public class ProblemException extends RuntimeException {
  private final HttpStatus status;
  private final List<Problem.FieldError> errors;

  public ProblemException(HttpStatus status, String detail, List<Problem.FieldError> errors) {
    super(detail, null, false, false);
    this.status = status;
    this.errors = List.copyOf(errors);
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

  public HttpStatus status() {
    return status;
  }

  public List<Problem.FieldError> errors() {
    return errors;
  }
}
