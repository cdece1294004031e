package io.sac4cps.identity.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An email address as identity stores it: trimmed and lower-cased, so that {@code Ada@Example.com}
 * and {@code ada@example.com} are one account. Validation is deliberately pragmatic (one {@code @},
 * a dotted domain, no spaces or control characters): the only real proof of an address is mail
 * reaching it.
 */
public record EmailAddress(String value) {
  public static final int MAX_LENGTH = 254;

  private static final Pattern SHAPE =
      Pattern.compile(
          "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@"
              + "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

  public EmailAddress {
    problem(value)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("email " + problem);
            });
    value = normalize(value);
  }

  /** What is wrong with {@code raw} as an email address, or empty if it is acceptable. */
  public static Optional<String> problem(String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.of("is required");
    }
    String email = normalize(raw);
    if (email.length() > MAX_LENGTH) {
      return Optional.of("must be at most " + MAX_LENGTH + " characters");
    }
    if (!SHAPE.matcher(email).matches() || email.startsWith(".") || email.contains("..")) {
      return Optional.of("is not a valid email address");
    }
    return Optional.empty();
  }

  private static String normalize(String raw) {
    return raw.strip().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return value;
  }
}
