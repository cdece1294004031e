package io.sac4cps.platform.telemetry;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends finished spans as JSON to the local stack's collector ({@code telemetry.collector-url},
 * e.g. {@code http://127.0.0.1:4566/_local/spans}), which shows them as trees at {@code GET
 * /_local/traces?traceId=}. The local stack sets it, as the runtime environment rather than the
 * function's own settings. Runs on the batch processor's thread, never on a request's. In AWS the
 * OTLP exporter to the ADOT collector takes its place (decision 0048).
 */
@Singleton
@Requires(property = "telemetry.collector-url")
public class CollectorSpanExporter implements SpanExporter {
  private static final Logger LOG = LoggerFactory.getLogger(CollectorSpanExporter.class);

  /** One span as the collector stores it. */
  @Serdeable
  public record CollectedSpan(
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      String kind,
      String service,
      long startEpochNanos,
      long endEpochNanos,
      String status,
      Map<String, String> attributes,
      List<String> links) {}

  private final URI collector;
  private final JsonMapper json;
  private volatile HttpClient http;

  public CollectorSpanExporter(
      @Value("${telemetry.collector-url}") URI collector, JsonMapper json) {
    this.collector = collector;
    this.json = json;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    List<CollectedSpan> batch = new ArrayList<>(spans.size());
    for (SpanData span : spans) {
      batch.add(collected(span));
    }
    try {
      HttpResponse<Void> response =
          client()
              .send(
                  HttpRequest.newBuilder(collector)
                      .timeout(Duration.ofSeconds(2))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(batch)))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      return response.statusCode() / 100 == 2
          ? CompletableResultCode.ofSuccess()
          : CompletableResultCode.ofFailure();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableResultCode.ofFailure();
    } catch (IOException e) {
      LOG.debug("telemetry: collector {} unreachable: {}", collector, e.toString());
      return CompletableResultCode.ofFailure();
    }
  }

  static CollectedSpan collected(SpanData span) {
    Map<String, String> attributes = new LinkedHashMap<>();
    span.getAttributes()
        .forEach((key, value) -> attributes.put(key.getKey(), String.valueOf(value)));
    List<String> links =
        span.getLinks().stream()
            .map(l -> l.getSpanContext().getTraceId() + "/" + l.getSpanContext().getSpanId())
            .toList();
    return new CollectedSpan(
        span.getTraceId(),
        span.getSpanId(),
        span.getParentSpanContext().isValid() ? span.getParentSpanId() : null,
        span.getName(),
        span.getKind().name(),
        span.getResource().getAttribute(Telemetry.SERVICE_NAME),
        span.getStartEpochNanos(),
        span.getEndEpochNanos(),
        span.getStatus().getStatusCode().name(),
        attributes,
        links);
  }

  private HttpClient client() {
    if (http == null) {
      synchronized (this) {
        if (http == null) {
          http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        }
      }
    }
    return http;
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
