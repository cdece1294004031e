package io.sac4cps.platform.time;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * RFC 3339 timestamps, read fast. Events' ({@link #parse}): the form producers write ({@code
 * 2025-03-04T09:15:03Z}, with or without a fraction) is read digit by digit, since {@link
 * Instant#parse} costs about a microsecond and every reading carries two timestamps; any other form
 * goes to {@link Instant#parse}, so what it accepts and refuses is unchanged. Their digits ({@link
 * #digits}) are read the same way where another rule decides the rest (sensors' readings, to the
 * microsecond).
 */
public final class Timestamps {
  private Timestamps() {}

  /**
   * @throws java.time.DateTimeException when {@code text} is not an instant
   */
  public static Instant parse(String text) {
    int length = text.length();
    if (length < 20
        || length > 30
        || length == 21
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(length - 1) != 'Z'
        || (length > 20 && text.charAt(19) != '.')) {
      return Instant.parse(text);
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int nanos = 0;
    if (length > 20) {
      int fraction = length - 21;
      nanos = digits(text, 20, length - 1);
      for (int i = fraction; i < 9; i++) {
        nanos *= 10;
      }
    }
    if (year < 0
        || month < 0
        || day < 0
        || hour < 0
        || minute < 0
        || second < 0
        || nanos < 0
        || second == 60
        || hour == 24) {
      // Not digits, a leap second or end of day (24:00, which Instant.parse reads as the next
      // midnight): Instant.parse decides.
      return Instant.parse(text);
    }
    // LocalDateTime.of refuses a month 13, a 30 February, a minute 60, as Instant.parse does.
    return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
        .toInstant(ZoneOffset.UTC);
  }

  /** The decimal number in {@code [from, to)}, or -1 when a character is not a digit. */
  public static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
