package io.sac4cps.localstack.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sac4cps.platform.telemetry.CollectorMetricExport;
import io.sac4cps.platform.telemetry.Metric;
import io.sac4cps.platform.telemetry.Metrics;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The functions' EMF lines, as platform's {@link Metrics} writes them, in Prometheus text format:
 * counters summed per name and dimensions, durations as summaries in seconds, levels as their last
 * value, names and labels to Prometheus' rules.
 */
class MetricsViewTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-02T06:00:00Z"), ZoneOffset.UTC);

  @Test
  void emfDocumentsBecomeCountersSummariesAndGaugesPerDimensionSet() {
    MetricsView view = new MetricsView();
    Metrics sensors = new Metrics("sensors", CLOCK, view::recordLines);
    Metrics rooms = new Metrics("rooms", CLOCK, view::recordLines);
    Map<String, String> route = Map.of("Route", "POST /sensors/data");

    sensors.emit(
        route,
        Metric.count("Requests", 1),
        Metric.count("Errors", 0),
        Metric.count("ClientErrors", 0),
        Metric.millis("Latency", 12.5));
    sensors.emit(
        route,
        Metric.count("Requests", 1),
        Metric.count("Errors", 1),
        Metric.count("ClientErrors", 0),
        Metric.millis("Latency", 7.5));
    sensors.emit(
        Map.of(), Metric.count("ReadingsAccepted", 3), Metric.count("ReadingsDuplicate", 1));
    sensors.emit(Map.of(), Metric.seconds("OutboxLag", 4.5), Metric.count("OutboxPending", 7));
    sensors.emit(Map.of(), Metric.seconds("OutboxLag", 1.25), Metric.count("OutboxPending", 2));
    rooms.emit(Map.of("Consumer", "rooms.sensor-readings"), Metric.count("EventsApplied", 2));
    // EMF allows arrays of values and any names; Prometheus does not.
    view.recordLines(
        """
        {"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"sac4cps",\
        "Dimensions":[["Service","Queue Name"]],"Metrics":[{"Name":"DLQSends","Unit":"Count"},\
        {"Name":"task.duration","Unit":"Milliseconds"}]}]},"Service":"tasks","Queue Name":"a\\"b",\
        "DLQSends":[1,2],"task.duration":[250,750]}
        not an EMF line
        """);

    assertThat(view.exposition())
        .isEqualTo(
            """
            # HELP sac4cps_client_errors_total EMF metric ClientErrors (Count)
            # TYPE sac4cps_client_errors_total counter
            sac4cps_client_errors_total{route="POST /sensors/data",service="sensors"} 0
            # HELP sac4cps_dlq_sends_total EMF metric DLQSends (Count)
            # TYPE sac4cps_dlq_sends_total counter
            sac4cps_dlq_sends_total{queue_name="a\\"b",service="tasks"} 3
            # HELP sac4cps_errors_total EMF metric Errors (Count)
            # TYPE sac4cps_errors_total counter
            sac4cps_errors_total{route="POST /sensors/data",service="sensors"} 1
            # HELP sac4cps_events_applied_total EMF metric EventsApplied (Count)
            # TYPE sac4cps_events_applied_total counter
            sac4cps_events_applied_total{consumer="rooms.sensor-readings",service="rooms"} 2
            # HELP sac4cps_latency_seconds EMF metric Latency (Milliseconds)
            # TYPE sac4cps_latency_seconds summary
            sac4cps_latency_seconds_count{route="POST /sensors/data",service="sensors"} 2
            sac4cps_latency_seconds_sum{route="POST /sensors/data",service="sensors"} 0.02
            # HELP sac4cps_outbox_lag_seconds EMF metric OutboxLag (Seconds)
            # TYPE sac4cps_outbox_lag_seconds gauge
            sac4cps_outbox_lag_seconds{service="sensors"} 1.25
            # HELP sac4cps_outbox_pending EMF metric OutboxPending (Count)
            # TYPE sac4cps_outbox_pending gauge
            sac4cps_outbox_pending{service="sensors"} 2
            # HELP sac4cps_readings_accepted_total EMF metric ReadingsAccepted (Count)
            # TYPE sac4cps_readings_accepted_total counter
            sac4cps_readings_accepted_total{service="sensors"} 3
            # HELP sac4cps_readings_duplicate_total EMF metric ReadingsDuplicate (Count)
            # TYPE sac4cps_readings_duplicate_total counter
            sac4cps_readings_duplicate_total{service="sensors"} 1
            # HELP sac4cps_requests_total EMF metric Requests (Count)
            # TYPE sac4cps_requests_total counter
            sac4cps_requests_total{route="POST /sensors/data",service="sensors"} 2
            # HELP sac4cps_task_duration_seconds EMF metric task.duration (Milliseconds)
            # TYPE sac4cps_task_duration_seconds summary
            sac4cps_task_duration_seconds_count{queue_name="a\\"b",service="tasks"} 2
            sac4cps_task_duration_seconds_sum{queue_name="a\\"b",service="tasks"} 1
            """);
  }

  @Test
  void namesAreSnakeCasedToPrometheusCharacters() {
    assertThat(MetricsView.snake("ReadingsAccepted")).isEqualTo("readings_accepted");
    assertThat(MetricsView.snake("DLQSends")).isEqualTo("dlq_sends");
    assertThat(MetricsView.snake("Route")).isEqualTo("route");
    assertThat(MetricsView.snake("p99-latency.ms")).isEqualTo("p99_latency_ms");
    assertThat(MetricsView.snake("5xx")).isEqualTo("_5xx");
  }

  /** A function's lines reach the view over HTTP, as in the local stack, and stdout keeps them. */
  @Test
  void aFunctionsLinesArriveOverHttpAndAreServedAsPrometheusText() throws Exception {
    MetricsView view = new MetricsView();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/_local/metrics", view);
    server.start();
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/_local/metrics");
    try (CollectorMetricExport export = new CollectorMetricExport(url, Duration.ofMillis(50));
        HttpClient http = HttpClient.newHttpClient()) {
      Metrics metrics = new Metrics("sensors", CLOCK, Optional.of(export));
      metrics.emit(Map.of("Route", "POST /sensors/data"), Metric.count("Requests", 1));
      metrics.emit(Map.of("Route", "POST /sensors/data"), Metric.count("Requests", 1));

      HttpResponse<String> shown = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline) {
        shown =
            http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
        if (shown.body().contains("} 2\n")) {
          break;
        }
        Thread.sleep(50);
      }
      assertThat(shown.statusCode()).isEqualTo(200);
      assertThat(shown.headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(shown.body())
          .contains(
              "# TYPE sac4cps_requests_total counter\n"
                  + "sac4cps_requests_total{route=\"POST /sensors/data\",service=\"sensors\"} 2\n");
    } finally {
      server.stop(0);
    }
  }
}
