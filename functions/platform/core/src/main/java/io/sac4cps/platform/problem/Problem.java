package io.sac4cps.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An RFC 9457 problem document, the body of every error response, in the shape the gateway's own
 * errors have too (local and in AWS): {@code type} {@code about:blank} (the status says what kind
 * of problem it is), the request id to quote, and {@code errors} naming the fields at fault in a
 * 400.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    String requestId,
    List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** One field at fault: a JSON-pointer-like path into the request ({@code readings[3].value}). */
  @Serdeable
  public record FieldError(String field, String message) {}

  /** No problem type beyond the status: RFC 9457's {@code about:blank}, as the gateway says. */
  public static final String TYPE = "about:blank";
}
