package io.sac4cps.notifications.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

  @Test
  void placeholdersAreFilledAsGivenInTextAndEscapedInHtml() {
    Template template = new Template("<p>Room ${room}: ${value} ppm</p>");
    Map<String, String> values =
        Map.of("room", "<script>alert('x')</script> & co", "value", "1250");

    assertThat(template.render(values))
        .isEqualTo("<p>Room <script>alert('x')</script> & co: 1250 ppm</p>");
    assertThat(template.renderHtml(values))
        .isEqualTo(
            "<p>Room &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co: 1250 ppm</p>");
  }

  @Test
  void anUnknownPlaceholderStaysVisibleAndAValueIsNeverReadAsAPattern() {
    Template template = new Template("${known} ${unknown}");

    assertThat(template.render(Map.of("known", "$1 \\ ${x}"))).isEqualTo("$1 \\ ${x} ${unknown}");
  }

  @Test
  void everyEventTypeTemplateUsesOnlyValuesItsEventProvides() {
    Map<String, String> alert =
        Map.of(
            "metric",
            "co2",
            "direction",
            "above",
            "roomId",
            "r",
            "value",
            "1",
            "unit",
            " ppm",
            "crossed",
            "max",
            "limit",
            "2",
            "sensorId",
            "s",
            "raisedAt",
            "t");
    Message message =
        EventTemplates.of("alert.raised.v1").orElseThrow().render(alert, Severity.WARNING);

    assertThat(message.title() + message.body()).doesNotContain("${");
  }
}
