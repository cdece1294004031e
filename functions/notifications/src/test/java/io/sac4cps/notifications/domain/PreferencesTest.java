package io.sac4cps.notifications.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreferencesTest {
  private static final Set<Channel> DEFAULTS = EnumSet.of(Channel.WEBSOCKET, Channel.EMAIL);
  // 23:30 in Berlin (UTC+1 in winter).
  private static final Instant LATE = Instant.parse("2026-12-01T22:30:00Z");
  private static final Instant NOON = Instant.parse("2026-12-01T11:00:00Z");

  private static Preferences quietAtNight(Map<String, Map<Severity, Set<Channel>>> channels) {
    return new Preferences(
        "+4930123456",
        ZoneId.of("Europe/Berlin"),
        LocalTime.of(22, 0),
        LocalTime.of(7, 0),
        channels);
  }

  @Test
  void quietHoursInTheUsersZoneCrossMidnightAndSilenceEmailButNotTheSocket() {
    Preferences p = quietAtNight(Map.of());

    assertThat(p.isQuiet(LATE)).isTrue();
    assertThat(p.isQuiet(Instant.parse("2026-12-02T05:59:00Z"))).isTrue();
    assertThat(p.isQuiet(NOON)).isFalse();
    assertThat(p.channels("alert.raised.v1", Severity.WARNING, DEFAULTS, LATE))
        .containsExactly(Channel.WEBSOCKET);
    assertThat(p.channels("alert.raised.v1", Severity.WARNING, DEFAULTS, NOON))
        .containsExactlyInAnyOrderElementsOf(DEFAULTS);
  }

  @Test
  void criticalAlertsIgnoreQuietHoursAndChosenChannelsReplaceTheDefaults() {
    Preferences p =
        quietAtNight(
            Map.of(
                "alert.raised.v1",
                Map.of(Severity.CRITICAL, EnumSet.of(Channel.SMS, Channel.WEBSOCKET))));

    assertThat(p.channels("alert.raised.v1", Severity.CRITICAL, DEFAULTS, LATE))
        .containsExactlyInAnyOrder(Channel.SMS, Channel.WEBSOCKET);
    assertThat(p.channels("alert.raised.v1", Severity.WARNING, DEFAULTS, NOON))
        .containsExactlyInAnyOrderElementsOf(DEFAULTS);
    assertThat(p.channels("task.status-changed.v1", Severity.CRITICAL, DEFAULTS, LATE))
        .containsExactlyInAnyOrderElementsOf(DEFAULTS);
  }
}
