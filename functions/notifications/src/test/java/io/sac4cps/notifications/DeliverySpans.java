package io.sac4cps.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.sac4cps.platform.telemetry.Telemetry;
import io.sac4cps.platform.telemetry.Tracing;
import java.time.Duration;
import java.util.List;

/** The span of one delivery as the ITs check it, for every channel. */
public final class DeliverySpans {
  private DeliverySpans() {}

  /**
   * The one sent {@code deliver <channel>} span of {@code tenant}: a CLIENT span, the tenant as an
   * attribute, in the same trace as its parent, the consumer span of the message that queued it.
   */
  public static SpanData of(
      NotificationsStack stack, InMemorySpanExporter spans, String channel, String tenant) {
    stack.api().bean(Telemetry.class).flush(Duration.ofSeconds(5));
    List<SpanData> finished = spans.getFinishedSpanItems();
    SpanData delivery =
        finished.stream()
            .filter(s -> s.getName().equals("deliver " + channel))
            .filter(s -> tenant.equals(s.getAttributes().get(Tracing.TENANT)))
            // A delivery queued before the recipient connected is skipped in a span of its own.
            .filter(s -> "sent".equals(s.getAttributes().get(Tracing.OUTCOME)))
            .reduce(
                (a, b) -> {
                  throw new AssertionError("two sent " + channel + " spans: " + a + b);
                })
            .orElseThrow(
                () -> new AssertionError("no sent deliver " + channel + " span among " + finished));
    SpanData consumer =
        finished.stream()
            .filter(s -> s.getSpanId().equals(delivery.getParentSpanId()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the delivery span's parent was not exported"));
    assertThat(consumer.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(consumer.getName()).startsWith("process ");
    assertThat(consumer.getTraceId()).isEqualTo(delivery.getTraceId());
    assertThat(consumer.getEndEpochNanos())
        .as("the delivery starts once its message was applied")
        .isLessThanOrEqualTo(delivery.getStartEpochNanos());
    assertThat(delivery.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(delivery.getAttributes().get(Tracing.CHANNEL)).isEqualTo(channel);
    assertThat(delivery.getAttributes().get(Tracing.OUTCOME)).isEqualTo("sent");
    return delivery;
  }
}
