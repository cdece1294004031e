package io.sac4cps.analytics.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CalendarBucketsTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void theAutumnDayInBerlinIs25HoursLongAndHas25HourBuckets() {
    Instant from = Instant.parse("2025-10-25T22:00:00Z"); // 26 Oct 00:00 CEST
    Instant to = Instant.parse("2025-10-26T23:00:00Z"); // 27 Oct 00:00 CET
    Bucket day =
        CalendarBuckets.of(from, to, TrendInterval.DAY, BERLIN, 10).orElseThrow().buckets().get(0);
    assertThat(Duration.between(day.start(), day.end())).isEqualTo(Duration.ofHours(25));
    assertThat(
            CalendarBuckets.of(from, to, TrendInterval.HOUR, BERLIN, 100).orElseThrow().buckets())
        .hasSize(25);
  }

  @Test
  void weeksStartOnMondayAndMonthsOnTheFirstInTheZone() {
    Instant wednesday = Instant.parse("2025-03-26T12:00:00Z");
    assertThat(
            CalendarBuckets.of(wednesday, wednesday.plusSeconds(1), TrendInterval.WEEK, BERLIN, 5)
                .orElseThrow()
                .from())
        .isEqualTo(Instant.parse("2025-03-23T23:00:00Z"));
    CalendarBuckets months =
        CalendarBuckets.of(
                wednesday, Instant.parse("2025-04-02T00:00:00Z"), TrendInterval.MONTH, BERLIN, 5)
            .orElseThrow();
    assertThat(months.buckets())
        .extracting(Bucket::start)
        .containsExactly(
            Instant.parse("2025-02-28T23:00:00Z"), Instant.parse("2025-03-31T22:00:00Z"));
  }

  @Test
  void aggregatesLandInTheBucketHoldingTheirStartAndEmptyBucketsStayGaps() {
    CalendarBuckets days =
        CalendarBuckets.of(
                Instant.parse("2025-03-29T00:00:00Z"),
                Instant.parse("2025-03-31T00:00:00Z"),
                TrendInterval.DAY,
                ZoneId.of("UTC"),
                5)
            .orElseThrow();
    days.add(Instant.parse("2025-03-29T10:00:00Z"), 2, 40, 19, 21);
    days.add(Instant.parse("2025-03-29T23:00:00Z"), 1, 25, 25, 25);
    days.add(Instant.parse("2025-04-01T00:00:00Z"), 1, 99, 99, 99); // outside: ignored
    Bucket first = days.buckets().get(0);
    assertThat(first.count()).isEqualTo(3);
    assertThat(first.avg()).isEqualTo(65.0 / 3);
    assertThat(first.min()).isEqualTo(19);
    assertThat(days.buckets().get(1))
        .isEqualTo(
            Bucket.empty(
                Instant.parse("2025-03-30T00:00:00Z"), Instant.parse("2025-03-31T00:00:00Z")));
  }

  @Test
  void tooManyBucketsAreRefusedAndHalfHourZonesAreNotHourAligned() {
    Instant from = Instant.parse("2025-01-01T00:00:00Z");
    assertThat(
            CalendarBuckets.of(
                from, from.plus(Duration.ofDays(42)), TrendInterval.HOUR, BERLIN, 1000))
        .isEmpty();
    assertThat(CalendarBuckets.hourAligned(BERLIN, from, from.plus(Duration.ofDays(365)))).isTrue();
    assertThat(CalendarBuckets.hourAligned(ZoneId.of("Asia/Kolkata"), from, from.plusSeconds(60)))
        .isFalse();
  }

  @Test
  void quarterHoursAreAlignedToUtc() {
    assertThat(Resolution.QUARTER_HOUR.bucketOf(Instant.parse("2025-03-29T10:44:59Z")))
        .isEqualTo(Instant.parse("2025-03-29T10:30:00Z"));
  }
}
