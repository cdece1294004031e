package io.sac4cps.platform.telemetry;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * OTLP/HTTP export of the function's spans to {@code telemetry.otlp.endpoint}: in AWS the ADOT
 * collector extension on {@code http://localhost:4318/v1/traces}, which forwards them to X-Ray off
 * the invocation (decision 0048). The JDK's HTTP client sends them (no OkHttp, no Kotlin in the
 * jar); {@link Telemetry#invocationEnded} flushes at the end of every invocation.
 */
@Factory
@Requires(property = "telemetry.otlp.endpoint")
class OtlpSpanExport {

  @Singleton
  SpanExporter otlp(@Value("${telemetry.otlp.endpoint}") String endpoint) {
    // The collector is on localhost: a slow answer means it is stuck, not far away.
    return OtlpHttpSpanExporter.builder()
        .setEndpoint(endpoint)
        .setTimeout(Duration.ofMillis(500))
        .build();
  }
}
