package io.sac4cps.testkit.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CloudWatch Embedded Metric Format lines a function wrote, each checked as CloudWatch Logs
 * would check it: the EMF schema ({@code emf.schema.json}), every dimension a string root member,
 * every metric a numeric root member. Lines that are not EMF (log lines) are skipped.
 *
 * <pre>{@code
 * EmbeddedMetricLines lines = EmbeddedMetricLines.capture(() -> handler.handleRequest(...));
 * assertThat(lines.sum("Requests", Map.of("Route", "POST /sensors/data"))).isEqualTo(1);
 * }</pre>
 */
public final class EmbeddedMetricLines {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchema SCHEMA = load();

  private final List<JsonNode> lines;

  private EmbeddedMetricLines(List<JsonNode> lines) {
    this.lines = lines;
  }

  /** What {@code work} wrote to stdout (still passed through), as EMF lines. */
  public static EmbeddedMetricLines capture(Runnable work) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
    try {
      work.run();
    } finally {
      System.out.flush();
      System.setOut(original);
    }
    return of(captured.toString(StandardCharsets.UTF_8).lines().toList());
  }

  /** The EMF lines among {@code output}, each asserted valid. */
  public static EmbeddedMetricLines of(List<String> output) {
    List<JsonNode> emf = new ArrayList<>();
    for (String line : output) {
      if (!line.startsWith("{") || !line.contains("\"_aws\"")) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        throw new AssertionError("EMF line is not JSON: " + line, e);
      }
      assertValid(node);
      emf.add(node);
    }
    return new EmbeddedMetricLines(emf);
  }

  /** Asserts one line is valid EMF (schema and the members its names refer to). */
  public static void assertValid(JsonNode line) {
    assertThat(SCHEMA.validate(line)).as("EMF schema: " + line).isEmpty();
    for (JsonNode directive : line.get("_aws").get("CloudWatchMetrics")) {
      for (JsonNode set : directive.get("Dimensions")) {
        for (JsonNode dimension : set) {
          assertThat(line.path(dimension.asText()).isTextual())
              .as("dimension " + dimension + " is a string member of " + line)
              .isTrue();
        }
      }
      for (JsonNode metric : directive.get("Metrics")) {
        assertThat(line.path(metric.get("Name").asText()).isNumber())
            .as("metric " + metric.get("Name") + " is a number member of " + line)
            .isTrue();
      }
    }
  }

  public List<JsonNode> lines() {
    return lines;
  }

  /** The sum of {@code metric} over the lines whose members include all of {@code dimensions}. */
  public double sum(String metric, Map<String, String> dimensions) {
    return lines.stream()
        .filter(l -> l.path(metric).isNumber())
        .filter(
            l ->
                dimensions.entrySet().stream()
                    .allMatch(d -> d.getValue().equals(l.path(d.getKey()).asText(null))))
        .mapToDouble(l -> l.get(metric).asDouble())
        .sum();
  }

  private static JsonSchema load() {
    try (InputStream in = EmbeddedMetricLines.class.getResourceAsStream("emf.schema.json")) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes to both streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      first.flush();
      second.flush();
    }
  }
}
