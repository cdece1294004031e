package io.sac4cps.platform.telemetry;

import io.micronaut.context.annotation.Value;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The function's OpenTelemetry SDK, built by hand (no agent, no autoconfigure: decision 0047).
 * Spans go to every {@link SpanExporter} bean through a {@link BatchSpanProcessor}, whose own
 * thread exports them: the request path only hands a finished span to a queue. Without an exporter
 * spans are still created, so trace context still propagates through events and headers.
 */
@Singleton
public class Telemetry implements AutoCloseable {
  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private final SdkTracerProvider provider;
  private final Tracer tracer;
  private final boolean flushPerInvocation;
  private final Duration invocationFlush;

  public Telemetry(String service, Duration exportDelay, List<SpanExporter> exporters) {
    this(service, exportDelay, "", Duration.ZERO, exporters);
  }

  /**
   * @param otlpEndpoint where {@link OtlpSpanExport} sends spans (the ADOT collector extension in
   *     AWS); when set, every invocation ends with a flush
   * @param invocationFlush how long that flush waits at most: a localhost round trip takes a few
   *     milliseconds, but the first export of a cold process loads the exporter and its HTTP client
   *     (a 100 ms bound missed it in OtlpExportIT under load), and a span not out by then waits for
   *     the next invocation
   */
  @Inject
  public Telemetry(
      @Value("${micronaut.application.name:function}") String service,
      @Value("${telemetry.export-delay:2s}") Duration exportDelay,
      @Value("${telemetry.otlp.endpoint:}") String otlpEndpoint,
      @Value("${telemetry.invocation-flush-timeout:500ms}") Duration invocationFlush,
      List<SpanExporter> exporters) {
    this.invocationFlush = invocationFlush;
    this.flushPerInvocation = !otlpEndpoint.isBlank() && !exporters.isEmpty();
    var builder =
        SdkTracerProvider.builder()
            .setResource(Resource.create(Attributes.of(SERVICE_NAME, service)));
    if (!exporters.isEmpty()) {
      builder.addSpanProcessor(
          BatchSpanProcessor.builder(SpanExporter.composite(exporters))
              .setScheduleDelay(exportDelay)
              .build());
    }
    this.provider = builder.build();
    this.tracer = provider.get("io.sac4cps.platform");
  }

  public Tracer tracer() {
    return tracer;
  }

  /**
   * Exports what is queued, waiting at most {@code timeout}. A Lambda calls it at the end of an
   * invocation when its exporter cannot wait for the next one (the process may be frozen).
   */
  public void flush(Duration timeout) {
    provider.forceFlush().join(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * The end of an invocation: where spans leave through an exporter in another process (the ADOT
   * collector extension), they are flushed now, because Lambda freezes the process once the handler
   * returns and the batch processor's thread would not run until the next invocation (decision
   * 0048). Elsewhere (the local stack's collector, tests) nothing happens.
   */
  public void invocationEnded() {
    if (flushPerInvocation) {
      flush(invocationFlush);
    }
  }

  @Override
  @PreDestroy
  public void close() {
    provider.shutdown().join(5, TimeUnit.SECONDS);
  }
}
