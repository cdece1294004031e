package io.sac4cps.platform.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A W3C trace context as it travels: the {@code traceparent} and {@code tracestate} of the
 * CloudEvents distributed-tracing extension, of Kafka headers and of SNS/SQS message attributes
 * (the same two names everywhere).
 *
 * @param tracestate null when the producer had none
 */
public record TraceContext(String traceparent, String tracestate) {
  public static final String TRACEPARENT = "traceparent";
  public static final String TRACESTATE = "tracestate";

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final TextMapGetter<Map<String, String>> MAP =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  /** The context of the span current on this thread; empty when none is (or it is invalid). */
  public static Optional<TraceContext> current() {
    return of(Context.current());
  }

  public static Optional<TraceContext> of(Context context) {
    if (!Span.fromContext(context).getSpanContext().isValid()) {
      return Optional.empty();
    }
    Map<String, String> carrier = new HashMap<>(2);
    W3C.inject(context, carrier, Map::put);
    String traceparent = carrier.get(TRACEPARENT);
    return traceparent == null
        ? Optional.empty()
        : Optional.of(new TraceContext(traceparent, blankToNull(carrier.get(TRACESTATE))));
  }

  /** Parses what a carrier holds; empty when {@code traceparent} is missing or malformed. */
  public static Optional<TraceContext> parse(String traceparent, String tracestate) {
    if (traceparent == null || traceparent.isBlank()) {
      return Optional.empty();
    }
    TraceContext candidate = new TraceContext(traceparent.trim(), blankToNull(tracestate));
    return candidate.spanContext().isValid() ? Optional.of(candidate) : Optional.empty();
  }

  /**
   * The trace context of a serialized CloudEvent, read without parsing the whole event: records
   * serialize their envelope attributes before {@code data}, so only that prefix is searched (a
   * {@code traceparent} field inside {@code data} is not the event's).
   */
  public static Optional<TraceContext> ofCloudEvent(byte[] payload) {
    String envelope = envelopeOf(payload);
    return parse(attribute(envelope, TRACEPARENT), attribute(envelope, TRACESTATE));
  }

  /** The top-level string attribute {@code name} of a serialized CloudEvent, if before data. */
  public static String attributeOf(byte[] payload, String name) {
    return attribute(envelopeOf(payload), name);
  }

  public Context context() {
    Map<String, String> carrier = new HashMap<>(2);
    carrier.put(TRACEPARENT, traceparent);
    if (tracestate != null) {
      carrier.put(TRACESTATE, tracestate);
    }
    return W3C.extract(Context.root(), carrier, MAP);
  }

  public SpanContext spanContext() {
    return Span.fromContext(context()).getSpanContext();
  }

  public String traceId() {
    return spanContext().getTraceId();
  }

  /** Writes both names to a carrier (headers, message attributes); tracestate only when set. */
  public void writeTo(BiConsumer<String, String> carrier) {
    carrier.accept(TRACEPARENT, traceparent);
    if (tracestate != null) {
      carrier.accept(TRACESTATE, tracestate);
    }
  }

  /** The first of {@code contexts} that parses, for carriers with a fallback. */
  public static Optional<TraceContext> first(List<Optional<TraceContext>> contexts) {
    return contexts.stream().flatMap(Optional::stream).findFirst();
  }

  private static String envelopeOf(byte[] payload) {
    // The envelope of every event type fits in 1 KB; data follows it.
    String head = new String(payload, 0, Math.min(payload.length, 1024), StandardCharsets.UTF_8);
    int data = head.indexOf("\"data\"");
    return data < 0 ? head : head.substring(0, data);
  }

  private static String attribute(String envelope, String name) {
    String key = "\"" + name + "\":\"";
    int start = envelope.indexOf(key);
    if (start < 0) {
      return null;
    }
    int from = start + key.length();
    int end = envelope.indexOf('"', from);
    return end < 0 ? null : envelope.substring(from, end);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
