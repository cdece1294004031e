package io.sac4cps.identity.service;

import io.sac4cps.platform.problem.Problem;
import io.sac4cps.platform.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Collects every field error of a request so a user can fix them all in one go. */
final class FieldChecks {
  private final List<Problem.FieldError> errors = new ArrayList<>();

  FieldChecks check(String field, Optional<String> problem) {
    problem.ifPresent(message -> errors.add(new Problem.FieldError(field, message)));
    return this;
  }

  FieldChecks text(String field, String value, boolean required, int maxLength) {
    if (value == null || value.isBlank()) {
      if (required) {
        errors.add(new Problem.FieldError(field, "is required"));
      } else if (value != null) {
        errors.add(new Problem.FieldError(field, "must not be blank"));
      }
    } else if (value.strip().length() > maxLength) {
      errors.add(new Problem.FieldError(field, "must be at most " + maxLength + " characters"));
    }
    return this;
  }

  FieldChecks absent(String field, Object value, String message) {
    if (value != null) {
      errors.add(new Problem.FieldError(field, message));
    }
    return this;
  }

  void orThrow() {
    if (!errors.isEmpty()) {
      throw ProblemException.badRequest(errors);
    }
  }
}
