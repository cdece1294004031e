package io.sac4cps.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.sac4cps.embedded.EmbeddedMailServer;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.SharedServers;
import io.sac4cps.testkit.telemetry.EmbeddedMetricLines;
import io.sac4cps.testkit.telemetry.OtlpReceiver;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a delivery leaves for operators: its span, the child of the consumer span that queued it,
 * and the EMF counts of deliveries per channel and outcome, for a welcome email and an alert's SMS
 * (through the SNS stand-in). The WebSocket push's span is checked in {@code LiveNotificationsIT},
 * which has the socket gateway.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SNS})
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

      SpanData delivery = DeliverySpans.of(stack, spans, "email", tenant);
      assertThat(delivery.getAttributes().asMap().values().toString())
          .as("no address or name in the span")
          .doesNotContain(email)
          .doesNotContain("Ada");
    }
  }

  @Test
  void anAlertsSmsIsSentInASpanUnderTheConsumerSpanWithoutThePhoneNumber(Infrastructure infra) {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    try (EmbeddedMailServer mail = EmbeddedMailServer.start();
        NotificationsStack stack = NotificationsStack.start(infra, mail, Map.of(), spans)) {
      String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
      String admin = "u-" + UUID.randomUUID().toString().substring(0, 8);
      String phone = "+4930" + (1_000_000 + (int) (Math.random() * 8_999_999));
      stack.publish(
          NotificationEvents.IDENTITY_ARN,
          NotificationEvents.userRegistered(
              tenant, admin, admin + "@example.com", "Grace Hopper", "admin"));
      String token = NotificationsStack.token(tenant, admin, "admin");
      assertThat(
              stack
                  .api()
                  .put(
                      "/notifications/preferences",
                      token,
                      "{\"phone\":\""
                          + phone
                          + "\",\"channels\":{\"alert.raised.v1\":{\"critical\":[\"sms\"]}}}")
                  .status())
          .isEqualTo(200);

      EmbeddedMetricLines lines =
          EmbeddedMetricLines.capture(
              () ->
                  stack.publish(
                      NotificationEvents.ALERTS_ARN,
                      NotificationEvents.alertRaised(tenant, "room-sms", 1500, 1000)));
      assertThat(SharedServers.sns().textMessages())
          .filteredOn(sms -> sms.phoneNumber().equals(phone))
          .singleElement()
          .satisfies(sms -> assertThat(sms.message()).contains("room-sms"));
      Map<String, String> smsChannel = Map.of("Service", "notifications", "Channel", "sms");
      assertThat(lines.sum("DeliveriesSent", smsChannel)).isEqualTo(1);
      assertThat(lines.sum("DeliveriesFailed", smsChannel)).isZero();

      SpanData delivery = DeliverySpans.of(stack, spans, "sms", tenant);
      String attributes = delivery.getAttributes().asMap().values().toString();
      assertThat(attributes)
          .as("no phone number, name or token in the span")
          .doesNotContain(phone)
          .doesNotContain(phone.substring(1))
          .doesNotContain("Grace")
          .doesNotContain(token);
      assertThat(delivery.getEvents().toString()).doesNotContain(phone.substring(1));
    }
  }

  /**
   * The deliveries made after the consumer returned end their spans after its flush; the inbox
   * handler flushes again (decision 0048), so with the OTLP export of AWS (a receiver standing in
   * for the collector extension, the batch schedule an hour away) the email's delivery span has
   * reached the receiver by the time the handler returned.
   */
  @Test
  void theDeliverySpansHaveReachedTheCollectorWhenTheInboxHandlerReturns(Infrastructure infra) {
    try (EmbeddedMailServer mail = EmbeddedMailServer.start();
        OtlpReceiver collector = OtlpReceiver.start();
        NotificationsStack stack = NotificationsStack.start(infra, mail, collector.properties())) {
      String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
      String user = "u-" + UUID.randomUUID().toString().substring(0, 8);
      String email = user + "@example.com";
      collector.clear();
      stack.publish(
          NotificationEvents.IDENTITY_ARN,
          NotificationEvents.userRegistered(tenant, user, email, "Ada Lovelace", "operator"));
      assertThat(mail.received()).as("sent within the invocation").hasSize(1);
      assertThat(collector.text())
          .as("the delivery's span, exported before the handler returned")
          .contains("deliver email")
          .contains(tenant);
    }
  }
}
