package io.sac4cps.platform.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one way functions check a request (decision 0002): explicit checks that collect every field
 * error so a user can fix them all in one go, then {@link #orThrow()} answers 400 naming each
 * field. Chosen over bean validation because a missing field, a cross-field rule and a domain rule
 * (a password policy, a sensor type) are all reported the same way, with the client's field name.
 */
public final class FieldChecks {
  private final List<Problem.FieldError> errors = new ArrayList<>();

  /** Adds {@code problem}, when there is one, as the error of {@code field}. */
  public FieldChecks check(String field, Optional<String> problem) {
    problem.ifPresent(message -> fail(field, message));
    return this;
  }

  /** Adds {@code message} as the error of {@code field} when {@code failed}. */
  public FieldChecks check(String field, boolean failed, String message) {
    if (failed) {
      fail(field, message);
    }
    return this;
  }

  /** Text that, stripped, has 1 to {@code maxLength} characters; null is fine unless required. */
  public FieldChecks text(String field, String value, boolean required, int maxLength) {
    if (value == null || value.isBlank()) {
      if (required) {
        fail(field, "is required");
      } else if (value != null) {
        fail(field, "must not be blank");
      }
    } else if (value.strip().length() > maxLength) {
      fail(field, "must be at most " + maxLength + " characters");
    }
    return this;
  }

  /** Null, or matching {@code pattern} whole. */
  public FieldChecks matches(String field, String value, Pattern pattern, String message) {
    return check(field, value != null && !pattern.matcher(value).matches(), message);
  }

  /** A number in [{@code min}, {@code max}]; null is fine unless required. */
  public FieldChecks range(String field, Number value, boolean required, double min, double max) {
    if (value == null) {
      return check(field, required, "is required");
    }
    double v = value.doubleValue();
    return check(
        field, !(v >= min) || v > max, "must be between " + format(min) + " and " + format(max));
  }

  public FieldChecks absent(String field, Object value, String message) {
    return check(field, value != null, message);
  }

  public List<Problem.FieldError> errors() {
    return List.copyOf(errors);
  }

  /** 400 with every error collected, if any. */
  public void orThrow() {
    if (!errors.isEmpty()) {
      throw ProblemException.badRequest(errors);
    }
  }

  /** Adds {@code message} as an error of {@code field}, for checks the methods above lack. */
  public FieldChecks fail(String field, String message) {
    errors.add(new Problem.FieldError(field, message));
    return this;
  }

  private static String format(double bound) {
    return bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
  }
}
