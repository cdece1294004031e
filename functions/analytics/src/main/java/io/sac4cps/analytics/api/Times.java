package io.sac4cps.analytics.api;

import io.sac4cps.platform.problem.FieldChecks;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** RFC 3339 query parameters. */
final class Times {
  private Times() {}

  static Instant parse(String field, String text, FieldChecks checks) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      checks.fail(field, "must be an RFC 3339 date-time");
      return null;
    }
  }
}
