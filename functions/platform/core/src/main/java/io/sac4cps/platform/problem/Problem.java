package io.sac4cps.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An RFC 9457 problem document, the body of every error response. {@code errors} names the fields
 * at fault in a 400.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** One field at fault: a JSON-pointer-like path into the request ({@code readings[3].value}). */
  @Serdeable
  public record FieldError(String field, String message) {}

  public static String typeFor(int status) {
    return "https://sac4cps.io/problems/" + status;
  }
}
