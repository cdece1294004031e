package io.sac4cps.notifications.events;

import static io.sac4cps.notifications.NotificationEvents.IDENTITY_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.embedded.EmbeddedMailServer;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.notifications.NotificationEvents;
import io.sac4cps.notifications.NotificationsStack;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.SqsEvents;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Decision 0045 on real PostgreSQL, ElasticMQ and SMTP: an email whose retry falls due after the
 * invocation (backoff 7 s, the handler waits 5 s) is not left for whatever invocation comes next.
 * The invocation puts a wake-up on {@code notifications-inbox} that the queue hides until the retry
 * is due; handed to the handler as the event source mapping would, it sends the email.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS})
class DeliveryWakeUpIT {

  @Test
  void aRetryDueAfterTheInvocationGoesOutWhenItsWakeUpArrives(Infrastructure infrastructure)
      throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    SqsQueue inbox = infrastructure.queue(InboxProjection.QUEUE);
    SqsClient sqs = infrastructure.sqsClient();
    // The stack talks SMTP to {@code port}, where nothing listens until the mail server below.
    try (EmbeddedMailServer elsewhere = EmbeddedMailServer.start();
        NotificationsStack stack =
            NotificationsStack.start(
                infrastructure,
                elsewhere,
                Map.of(
                    "aws.services.ses.smtp.port",
                    port,
                    "notifications.deliveries.backoff",
                    "7s",
                    "sac4cps.sqs.queue-urls." + InboxProjection.QUEUE,
                    inbox.url()))) {
      String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
      String email = "late-" + tenant + "@example.com";
      long invoked = System.nanoTime();

      // The welcome email: the SMTP server is down, the retry is due in 7 s.
      assertThat(
              stack
                  .publish(
                      IDENTITY_ARN,
                      NotificationEvents.userRegistered(tenant, "u-" + tenant, email, "L", "admin"))
                  .getBatchItemFailures())
          .isEmpty();
      assertThat(Duration.ofNanos(System.nanoTime() - invoked))
          .as("the invocation did not wait for the retry")
          .isLessThan(Duration.ofSeconds(7));

      try (EmbeddedMailServer mail = EmbeddedMailServer.start(port)) {
        List<Message> wakeUps = receive(sqs, inbox.url(), Duration.ofSeconds(20));
        long arrived = System.nanoTime();
        assertThat(wakeUps).hasSize(1);
        assertThat(wakeUps.get(0).messageAttributes()).containsKey(DeliveryWakeUps.ATTRIBUTE);
        assertThat(Duration.ofNanos(arrived - invoked))
            .as("hidden until the retry is due")
            .isGreaterThan(Duration.ofSeconds(5));
        assertThat(mail.receivedBy(email)).as("nothing sent before the wake-up").isEmpty();

        assertThat(
                stack
                    .inboxHandler()
                    .handleRequest(
                        SqsEvents.received(inbox.arn(), wakeUps),
                        LocalLambdaContext.of("notifications"))
                    .getBatchItemFailures())
            .isEmpty();

        assertThat(mail.await(m -> m.to().contains(email), 1, Duration.ofSeconds(5)))
            .as("the retried welcome")
            .hasSize(1);
      }
    }
  }

  private static List<Message> receive(SqsClient sqs, String url, Duration within) {
    List<Message> messages = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    while (messages.isEmpty() && System.nanoTime() < deadline) {
      messages.addAll(
          sqs.receiveMessage(
                  r ->
                      r.queueUrl(url)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(1)
                          .messageAttributeNames("All")
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
              .messages());
    }
    return messages;
  }
}
