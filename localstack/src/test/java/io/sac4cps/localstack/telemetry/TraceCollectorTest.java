package io.sac4cps.localstack.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.json.JsonMapper;
import io.sac4cps.platform.telemetry.CollectorSpanExporter;
import io.sac4cps.platform.telemetry.Telemetry;
import io.sac4cps.platform.telemetry.TraceContext;
import io.sac4cps.platform.telemetry.Tracing;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The collector over HTTP as the functions and a user reach it: spans posted in any order come back
 * as one trace's tree, the gateway's span at the root, other traces left out.
 */
class TraceCollectorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  private final TraceCollector collector = new TraceCollector();
  private final HttpClient http = HttpClient.newHttpClient();
  private HttpServer server;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/_local/spans", collector);
    server.createContext("/_local/traces", collector);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void postedSpansComeBackAsOneTracesTreeInStartOrder() throws Exception {
    collector.gatewaySpan(TRACE, "aaaaaaaaaaaaaaaa", null, "POST /sensors/data", 100, 900, 202);
    // The consumer's span arrives before its parents, from another function.
    post(
        "["
            + span(TRACE, "cccccccccccccccc", "bbbbbbbbbbbbbbbb", "process sensor.readings", 500)
            + ","
            + span("11111111111111111111111111111111", "dddddddddddddddd", null, "other", 1)
            + "]");
    post(
        "["
            + span(TRACE, "bbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaa", "POST /sensors/data", 200)
            + ","
            + span(TRACE, "eeeeeeeeeeeeeeee", "bbbbbbbbbbbbbbbb", "publish sensor.readings", 300)
            + "]");

    HttpResponse<String> response = get("/_local/traces?traceId=" + TRACE);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode trace = JSON.readTree(response.body());
    assertThat(trace.get("spanCount").asInt()).isEqualTo(4);
    assertThat(trace.get("spans")).hasSize(1);
    JsonNode gateway = trace.get("spans").get(0);
    assertThat(gateway.get("service").asText()).isEqualTo("gateway");
    JsonNode request = gateway.get("children").get(0);
    assertThat(request.get("spanId").asText()).isEqualTo("bbbbbbbbbbbbbbbb");
    assertThat(request.get("children"))
        .extracting(c -> c.get("name").asText())
        .containsExactly("publish sensor.readings", "process sensor.readings");
    assertThat(request.get("durationMs").asDouble()).isEqualTo(0.00001);
  }

  @Test
  void theFunctionsExporterDeliversItsSpansToTheCollector() throws Exception {
    CollectorSpanExporter exporter =
        new CollectorSpanExporter(base.resolve("/_local/spans"), JsonMapper.createDefault());
    Telemetry telemetry = new Telemetry("rooms", Duration.ofMillis(50), List.of(exporter));
    Tracing tracing = new Tracing(telemetry);
    var request =
        tracing.startServer(
            "POST", "/rooms", TraceContext.parse("00-" + TRACE + "-aaaaaaaaaaaaaaaa-01", null));
    Tracing.within(
        request,
        () -> {
          Tracing.within(
              tracing.startPublish("aws_sns", "alerts", Optional.empty(), 1, "t-1"), () -> null);
          return null;
        });
    telemetry.flush(Duration.ofSeconds(5));
    telemetry.close();

    JsonNode trace = JSON.readTree(get("/_local/traces?traceId=" + TRACE).body());
    assertThat(trace.get("spanCount").asInt()).isEqualTo(2);
    JsonNode root = trace.get("spans").get(0);
    assertThat(root.get("name").asText()).isEqualTo("POST /rooms");
    assertThat(root.get("service").asText()).isEqualTo("rooms");
    assertThat(root.get("parentSpanId").asText()).isEqualTo("aaaaaaaaaaaaaaaa");
    JsonNode publish = root.get("children").get(0);
    assertThat(publish.get("name").asText()).isEqualTo("publish alerts");
    assertThat(publish.get("kind").asText()).isEqualTo("PRODUCER");
    assertThat(publish.get("attributes").get("sac4cps.tenant").asText()).isEqualTo("t-1");
  }

  @Test
  void aMissingOrMalformedTraceIdIsABadRequest() throws Exception {
    assertThat(get("/_local/traces").statusCode()).isEqualTo(400);
    assertThat(get("/_local/traces?traceId=nothex").statusCode()).isEqualTo(400);
  }

  private static String span(String trace, String id, String parent, String name, long start) {
    return "{\"traceId\":\""
        + trace
        + "\",\"spanId\":\""
        + id
        + "\",\"parentSpanId\":"
        + (parent == null ? "null" : "\"" + parent + "\"")
        + ",\"name\":\""
        + name
        + "\",\"kind\":\"INTERNAL\",\"service\":\"rooms\","
        + "\"startEpochNanos\":"
        + start
        + ",\"endEpochNanos\":"
        + (start + 10)
        + ",\"status\":\"UNSET\",\"attributes\":{},\"links\":[]}";
  }

  private void post(String body) throws Exception {
    HttpResponse<Void> response =
        http.send(
            HttpRequest.newBuilder(base.resolve("/_local/spans"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(response.statusCode()).isEqualTo(204);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
