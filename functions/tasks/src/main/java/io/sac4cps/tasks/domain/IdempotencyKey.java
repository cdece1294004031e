package io.sac4cps.tasks.domain;

import java.util.Optional;

/**
 * An {@code Idempotency-Key} header value (draft-ietf-httpapi-idempotency-key-header): a
 * structured-field string, {@code "8e03978e-..."}; a bare token is taken as well, as most clients
 * send one. Keys belong to the caller's tenant.
 */
public record IdempotencyKey(String value) {
  public static final int MAX_LENGTH = 255;

  /** The key of a header value, or empty when it is not a usable key. */
  public static Optional<IdempotencyKey> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String value = header.strip();
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    boolean printable = value.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"');
    if (value.isEmpty() || value.length() > MAX_LENGTH || !printable) {
      return Optional.empty();
    }
    return Optional.of(new IdempotencyKey(value));
  }
}
