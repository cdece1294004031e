package io.sac4cps.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.sac4cps.testkit.telemetry.EmbeddedMetricLines;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The EMF lines {@link Metrics} writes, checked against the EMF schema and member rules. */
class MetricsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

  private final List<String> out = new ArrayList<>();
  private final Metrics metrics = new Metrics("sensors", CLOCK, out::add);

  @Test
  void aLineNamesItsNamespaceDimensionsAndUnitsAndCarriesTheValues() throws Exception {
    Map<String, String> route = new LinkedHashMap<>();
    route.put("Route", "POST /sensors/data");
    metrics.emit(route, Metric.count("Requests", 1), Metric.millis("Latency", 12.5));

    JsonNode line = JSON.readTree(out.get(0));
    EmbeddedMetricLines.assertValid(line);
    JsonNode directive = line.get("_aws").get("CloudWatchMetrics").get(0);
    assertThat(line.get("_aws").get("Timestamp").asLong()).isEqualTo(CLOCK.millis());
    assertThat(directive.get("Namespace").asText()).isEqualTo("sac4cps");
    assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"Service\",\"Route\"]]");
    assertThat(directive.get("Metrics").toString())
        .isEqualTo(
            "[{\"Name\":\"Requests\",\"Unit\":\"Count\"},{\"Name\":\"Latency\",\"Unit\":\"Milliseconds\"}]");
    assertThat(line.get("Service").asText()).isEqualTo("sensors");
    assertThat(line.get("Route").asText()).isEqualTo("POST /sensors/data");
    assertThat(line.get("Requests").asLong()).isEqualTo(1);
    assertThat(line.get("Latency").asDouble()).isEqualTo(12.5);
    assertThat(line.has("traceId")).as("no span is current").isFalse();
  }

  @Test
  void dimensionValuesAreEscapedSoTheLineStaysJson() throws Exception {
    metrics.emit(Map.of("Consumer", "odd \"name\" \\ with\ttab"), Metric.count("DeadLetters", 2));

    JsonNode line = JSON.readTree(out.get(0));
    EmbeddedMetricLines.assertValid(line);
    assertThat(line.get("Consumer").asText()).isEqualTo("odd \"name\" \\ with\ttab");
  }

  @Test
  void theCurrentSpansTraceIdGoesAlongAsAPropertyNotADimension() throws Exception {
    SpanContext context =
        SpanContext.create(
            "4bf92f3577b34da6a3ce929d0e0e4736",
            "00f067aa0ba902b7",
            TraceFlags.getSampled(),
            TraceState.getDefault());
    try (Scope scope = Span.wrap(context).makeCurrent()) {
      metrics.emit(Map.of(), Metric.seconds("OutboxLag", 3));
    }

    JsonNode line = JSON.readTree(out.get(0));
    EmbeddedMetricLines.assertValid(line);
    assertThat(line.get("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(line.get("_aws").toString()).doesNotContain("traceId");
  }

  @Test
  void anInvalidLineIsRefusedByTheCheck() throws Exception {
    // The check itself can fail: a metric named in the directive but missing from the line.
    JsonNode broken =
        JSON.readTree(
            "{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"n\","
                + "\"Dimensions\":[[]],\"Metrics\":[{\"Name\":\"Requests\",\"Unit\":\"Count\"}]}]}}");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> EmbeddedMetricLines.assertValid(broken))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Requests");
  }

  @Test
  void nothingIsWrittenWithoutAMetric() {
    metrics.emit(Map.of("Route", "GET /health"));

    assertThat(out).isEmpty();
  }
}
