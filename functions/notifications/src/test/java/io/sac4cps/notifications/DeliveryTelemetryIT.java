package io.sac4cps.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.sac4cps.embedded.EmbeddedMailServer;
import io.sac4cps.platform.telemetry.Telemetry;
import io.sac4cps.platform.telemetry.Tracing;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.telemetry.EmbeddedMetricLines;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a delivery leaves for operators: its span, the child of the consumer span that queued it,
 * and the EMF counts of deliveries per channel and outcome, for a welcome email.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS})
class DeliveryTelemetryIT {

  @Test
  void anEmailIsSentInASpanUnderTheConsumerSpanAndCountedPerChannel(Infrastructure infra) {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    try (EmbeddedMailServer mail = EmbeddedMailServer.start();
        NotificationsStack stack = NotificationsStack.start(infra, mail, Map.of(), spans)) {
      String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
      String user = "u-" + UUID.randomUUID().toString().substring(0, 8);
      String email = user + "@example.com";

      EmbeddedMetricLines lines =
          EmbeddedMetricLines.capture(
              () ->
                  stack.publish(
                      NotificationEvents.IDENTITY_ARN,
                      NotificationEvents.userRegistered(
                          tenant, user, email, "Ada Lovelace", "operator")));
      assertThat(mail.await(m -> m.to().contains(email), 1, Duration.ofSeconds(5))).hasSize(1);

      Map<String, String> emailChannel = Map.of("Service", "notifications", "Channel", "email");
      assertThat(lines.sum("DeliveriesSent", emailChannel)).isEqualTo(1);
      assertThat(lines.sum("DeliveriesFailed", emailChannel)).isZero();
      assertThat(lines.sum("DeliveriesRetried", emailChannel)).isZero();

      stack.api().bean(Telemetry.class).flush(Duration.ofSeconds(5));
      List<SpanData> finished = spans.getFinishedSpanItems();
      SpanData delivery =
          finished.stream()
              .filter(s -> s.getName().equals("deliver email"))
              .filter(s -> tenant.equals(s.getAttributes().get(Tracing.TENANT)))
              .reduce(
                  (a, b) -> {
                    throw new AssertionError("two email spans for one welcome email: " + a + b);
                  })
              .orElseThrow(() -> new AssertionError("no deliver email span among " + finished));
      SpanData consumer =
          finished.stream()
              .filter(s -> s.getSpanId().equals(delivery.getParentSpanId()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("the delivery span's parent was not exported"));
      assertThat(consumer.getKind()).isEqualTo(SpanKind.CONSUMER);
      assertThat(consumer.getName()).startsWith("process ");
      assertThat(consumer.getTraceId()).isEqualTo(delivery.getTraceId());
      assertThat(delivery.getKind()).isEqualTo(SpanKind.CLIENT);
      assertThat(delivery.getAttributes().get(Tracing.CHANNEL)).isEqualTo("email");
      assertThat(delivery.getAttributes().get(Tracing.OUTCOME)).isEqualTo("sent");
      assertThat(delivery.getAttributes().asMap().values().toString())
          .as("no address or name in the span")
          .doesNotContain(email)
          .doesNotContain("Ada");
    }
  }
}
