package io.sac4cps.embedded;

/** An error as SNS reports it: an error code, the HTTP status it comes with, and a message. */
final class SnsError extends RuntimeException {

  private final String code;
  private final int status;

  private SnsError(String code, int status, String message) {
    super(message);
    this.code = code;
    this.status = status;
  }

  static SnsError invalidParameter(String message) {
    return new SnsError("InvalidParameter", 400, "Invalid parameter: " + message);
  }

  static SnsError notFound(String message) {
    return new SnsError("NotFound", 404, message);
  }

  static SnsError of(String code, int status, String message) {
    return new SnsError(code, status, message);
  }

  String code() {
    return code;
  }

  int status() {
    return status;
  }

  /** Who is at fault, as the {@code Type} element of an SNS error says. */
  String type() {
    return status >= 500 ? "Receiver" : "Sender";
  }
}
