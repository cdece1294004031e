package io.sac4cps.identity.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a new password must be, after NIST SP 800-63B: long enough (12 to 128 characters, counted as
 * Unicode code points), no composition rules, and not one of the passwords attackers try first.
 */
public final class PasswordPolicy {
  public static final int MIN_LENGTH = 12;
  public static final int MAX_LENGTH = 128;

  // The commonest passwords of at least 12 characters in public breach corpora.
  private static final Set<String> COMMON =
      Set.of(
          "123456789012",
          "1234567890123",
          "12345678901234",
          "123456123456",
          "qwertyuiopasdfghjkl",
          "qwertyuiop123",
          "passwordpassword",
          "password1234",
          "password12345",
          "password123456",
          "iloveyou1234",
          "administrator",
          "letmein12345",
          "welcome12345",
          "changeme1234",
          "abcdefghijkl",
          "abc123abc123",
          "111111111111",
          "000000000000");

  private PasswordPolicy() {}

  /** What is wrong with {@code password} for the account {@code email}, or empty if it is fine. */
  public static Optional<String> problem(String password, String email) {
    if (password == null || password.isEmpty()) {
      return Optional.of("is required");
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH) {
      return Optional.of("must be at least " + MIN_LENGTH + " characters");
    }
    if (length > MAX_LENGTH) {
      return Optional.of("must be at most " + MAX_LENGTH + " characters");
    }
    if (password.isBlank() || password.codePoints().distinct().count() < 4) {
      return Optional.of("is too easy to guess: use more different characters");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (COMMON.contains(lower)) {
      return Optional.of("is too common");
    }
    if (email != null && !email.isBlank()) {
      String address = email.strip().toLowerCase(Locale.ROOT);
      int at = address.indexOf('@');
      String local = at > 0 ? address.substring(0, at) : address;
      if (lower.equals(address) || (local.length() >= 4 && lower.equals(local))) {
        return Optional.of("must not be the email address");
      }
    }
    return Optional.empty();
  }
}
