package io.sac4cps.notifications;

import static io.sac4cps.notifications.NotificationsStack.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4cps.embedded.EmbeddedMailServer;
import io.sac4cps.notifications.service.Deliveries;
import io.sac4cps.platform.resilience.Breaker;
import io.sac4cps.platform.resilience.CircuitBreakers;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiResponse;
import io.sac4cps.testkit.telemetry.EmbeddedMetricLines;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The SMTP circuit breaker against a real mail server (GreenMail) that is stopped and started
 * again: failed connections open it, a send while it is open makes no attempt and queues the email
 * without using up its attempts, and once the server is back the breaker's trial closes it and both
 * emails arrive, once each.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS})
class EmailBreakerIT {
  private static final Duration OPEN_FOR = Duration.ofSeconds(10);

  @Test
  void whileTheMailServerIsDownEmailsWaitAndAllGoOutOnceItIsBack(Infrastructure infra) {
    EmbeddedMailServer mail = EmbeddedMailServer.start();
    int port = mail.port();
    try (NotificationsStack stack =
        NotificationsStack.start(
            infra,
            mail,
            Map.of(
                "notifications.deliveries.backoff",
                "50ms",
                // Two failed attempts in a row open it here (half of ten by default), for longer
                // than the send's own 3 s wait for retries.
                "sac4cps.breakers.smtp.window",
                2,
                "sac4cps.breakers.smtp.minimum-calls",
                2,
                "sac4cps.breakers.smtp.failure-rate",
                100,
                "sac4cps.breakers.smtp.open-for",
                OPEN_FOR.toMillis() + "ms"))) {
      String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
      String user = "u-" + UUID.randomUUID().toString().substring(0, 8);
      stack.publish(
          NotificationEvents.IDENTITY_ARN,
          NotificationEvents.userRegistered(tenant, user, user + "@example.com", user, "operator"));
      assertThat(mail.await(m -> m.to().contains(user + "@example.com"), 1, Duration.ofSeconds(5)))
          .as("the welcome email, while the server is up")
          .hasSize(1);
      Breaker smtp = stack.api().bean(CircuitBreakers.class).find("smtp").orElseThrow();
      assertThat(smtp.state()).isEqualTo(Breaker.State.CLOSED);

      mail.close();
      JsonNode[] deliveries = new JsonNode[2];
      EmbeddedMetricLines lines =
          EmbeddedMetricLines.capture(
              () -> {
                deliveries[0] = send(stack, tenant, "First");
                deliveries[1] = send(stack, tenant, "Second");
              });

      assertThat(smtp.state()).isEqualTo(Breaker.State.OPEN);
      // Two attempts failed and opened the breaker; the third was not made, nor counted.
      assertThat(deliveries[0].get("status").asText()).isEqualTo("queued");
      assertThat(deliveries[0].get("attempts").asInt()).isEqualTo(2);
      assertThat(deliveries[0].get("error").asText())
          .isEqualTo("smtp is unavailable (circuit open)");
      // Sent while open: no attempt at all.
      assertThat(deliveries[1].get("status").asText()).isEqualTo("queued");
      assertThat(deliveries[1].get("attempts").asInt()).isZero();
      Map<String, String> dependency = Map.of("Service", "notifications", "Dependency", "smtp");
      assertThat(lines.sum("BreakerOpened", dependency)).isEqualTo(1);
      assertThat(lines.sum("CallsNotPermitted", dependency)).isEqualTo(2);

      EmbeddedMailServer back = EmbeddedMailServer.start(port);
      try {
        // What the wake-up's invocation does (decision 0045): the first due attempt is the
        // breaker's trial, its success closes it, and the rest follow.
        stack.api().bean(Deliveries.class).deliverDue(OPEN_FOR.multipliedBy(3));
        assertThat(smtp.state()).isEqualTo(Breaker.State.CLOSED);
        assertThat(back.await(m -> m.subject().equals("First"), 1, Duration.ofSeconds(5)))
            .hasSize(1);
        assertThat(back.await(m -> m.subject().equals("Second"), 1, Duration.ofSeconds(5)))
            .hasSize(1);
        assertThat(back.received()).as("nothing sent twice").hasSize(2);
      } finally {
        back.close();
      }
    } finally {
      mail.close();
    }
  }

  private static JsonNode send(NotificationsStack stack, String tenant, String title) {
    ApiResponse sent =
        stack
            .api()
            .post(
                "/notifications/send",
                token(tenant, "u-admin", "admin"),
                "{\"to\":{\"tenant\":true},\"channels\":[\"email\"],\"title\":\""
                    + title
                    + "\",\"body\":\"b\"}");
    assertThat(sent.status()).as("the send succeeds while the server is down").isEqualTo(202);
    return sent.json().get("deliveries").get(0);
  }
}
