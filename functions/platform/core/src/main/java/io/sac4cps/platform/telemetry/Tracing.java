package io.sac4cps.platform.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The spans of the platform's hops, named and attributed the same way in every function (OTel
 * semantic conventions where they exist): a request ({@code POST /sensors/data}), a publish of
 * outbox messages ({@code publish sensor.readings}) and the processing of a consumed batch ({@code
 * process sensor.readings}). Attributes carry ids and counts only: the tenant id, never a user's
 * name, email, token or payload.
 */
@Singleton
public class Tracing {
  public static final AttributeKey<String> TENANT = AttributeKey.stringKey("sac4cps.tenant");
  public static final AttributeKey<String> HTTP_METHOD =
      AttributeKey.stringKey("http.request.method");
  public static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  public static final AttributeKey<Long> HTTP_STATUS =
      AttributeKey.longKey("http.response.status_code");
  public static final AttributeKey<String> MESSAGING_SYSTEM =
      AttributeKey.stringKey("messaging.system");
  public static final AttributeKey<String> MESSAGING_DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  public static final AttributeKey<Long> MESSAGE_COUNT =
      AttributeKey.longKey("messaging.batch.message_count");
  public static final AttributeKey<String> MESSAGING_OPERATION =
      AttributeKey.stringKey("messaging.operation.type");
  public static final AttributeKey<String> CHANNEL = AttributeKey.stringKey("sac4cps.channel");
  public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("sac4cps.outcome");

  private static final Tracing OFF = new Tracing(TracerProvider.noop().get("off"), null);

  private final Tracer tracer;
  private final Telemetry telemetry;

  @Inject
  public Tracing(Telemetry telemetry) {
    this(telemetry.tracer(), telemetry);
  }

  private Tracing(Tracer tracer, Telemetry telemetry) {
    this.tracer = tracer;
    this.telemetry = telemetry;
  }

  /**
   * The end of an invocation (a request, a consumed batch): see {@link Telemetry#invocationEnded}.
   */
  public void invocationEnded() {
    if (telemetry != null) {
      telemetry.invocationEnded();
    }
  }

  /** Spans that record nothing, for code built without a context (unit tests). */
  public static Tracing off() {
    return OFF;
  }

  /** A request's span, the child of the caller's {@code traceparent} when it sent one. */
  public Span startServer(String method, String route, Optional<TraceContext> caller) {
    return tracer
        .spanBuilder(method + " " + route)
        .setSpanKind(SpanKind.SERVER)
        .setParent(caller.map(TraceContext::context).orElse(Context.current()))
        .setAttribute(HTTP_METHOD, method)
        .setAttribute(HTTP_ROUTE, route)
        .startSpan();
  }

  /**
   * The span of publishing {@code count} messages recorded under {@code producer} (the span that
   * wrote them to the outbox); the current span's when the messages carry none.
   */
  public Span startPublish(
      String system,
      String destination,
      Optional<TraceContext> producer,
      int count,
      String tenant) {
    SpanBuilder span =
        tracer
            .spanBuilder("publish " + destination)
            .setSpanKind(SpanKind.PRODUCER)
            .setParent(producer.map(TraceContext::context).orElse(Context.current()))
            .setAttribute(MESSAGING_SYSTEM, system)
            .setAttribute(MESSAGING_DESTINATION, destination)
            .setAttribute(MESSAGING_OPERATION, "send")
            .setAttribute(MESSAGE_COUNT, (long) count);
    if (tenant != null) {
      span.setAttribute(TENANT, tenant);
    }
    return span.startSpan();
  }

  /**
   * The span of processing a consumed batch: the child of its first message's producer and linked
   * to every other producer, so a batch of many parents is found from each of their traces' publish
   * spans (and a batch of one is a plain child).
   */
  public Span startProcess(
      String system, String source, Collection<TraceContext> producers, int count, String tenant) {
    Set<TraceContext> distinct = new LinkedHashSet<>(producers);
    SpanBuilder span =
        tracer
            .spanBuilder("process " + source)
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute(MESSAGING_SYSTEM, system)
            .setAttribute(MESSAGING_DESTINATION, source)
            .setAttribute(MESSAGING_OPERATION, "process")
            .setAttribute(MESSAGE_COUNT, (long) count);
    boolean first = true;
    for (TraceContext producer : distinct) {
      if (first) {
        span.setParent(producer.context());
        first = false;
      } else {
        span.addLink(producer.spanContext());
      }
    }
    if (first) {
      span.setNoParent();
    }
    if (tenant != null) {
      span.setAttribute(TENANT, tenant);
    }
    return span.startSpan();
  }

  /**
   * The span of delivering one notification over {@code channel} ({@code deliver email}, {@code
   * deliver sms}, {@code deliver websocket}): a client call to the channel's server, the child of
   * the span that queued the delivery (a consumer's or a request's), whichever invocation sends it.
   * No address, number or connection id: the tenant and the channel only.
   */
  public Span startDelivery(String channel, Optional<TraceContext> queuedBy, String tenant) {
    SpanBuilder span =
        tracer
            .spanBuilder("deliver " + channel)
            .setSpanKind(SpanKind.CLIENT)
            .setParent(queuedBy.map(TraceContext::context).orElse(Context.current()))
            .setAttribute(CHANNEL, channel);
    if (tenant != null) {
      span.setAttribute(TENANT, tenant);
    }
    return span.startSpan();
  }

  /** Runs {@code work} with {@code span} current and ends it; a failure marks the span an error. */
  public static <T> T within(Span span, Supplier<T> work) {
    // The trace in every log line of the work, as the request filter does for requests.
    String traceId = MDC.get(RequestTelemetryFilter.TRACE_ID);
    String spanId = MDC.get(RequestTelemetryFilter.SPAN_ID);
    MDC.put(RequestTelemetryFilter.TRACE_ID, span.getSpanContext().getTraceId());
    MDC.put(RequestTelemetryFilter.SPAN_ID, span.getSpanContext().getSpanId());
    try (Scope scope = span.makeCurrent()) {
      return work.get();
    } catch (RuntimeException | Error e) {
      // The class only: an exception's message may quote a payload or a user's data.
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
      restore(RequestTelemetryFilter.TRACE_ID, traceId);
      restore(RequestTelemetryFilter.SPAN_ID, spanId);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
