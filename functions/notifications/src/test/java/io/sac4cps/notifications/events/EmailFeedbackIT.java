package io.sac4cps.notifications.events;

import static io.sac4cps.notifications.NotificationsStack.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.embedded.EmbeddedMailServer;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.notifications.NotificationEvents;
import io.sac4cps.notifications.NotificationsStack;
import io.sac4cps.notifications.channels.EmailSender;
import io.sac4cps.notifications.domain.Channel;
import io.sac4cps.notifications.domain.Delivery;
import io.sac4cps.notifications.store.DeliveryStore;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiResponse;
import io.sac4cps.testkit.lambda.SqsEvents;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Bounce and complaint handling on real PostgreSQL, ElasticMQ, the SNS stand-in and SMTP: SES's
 * event JSON (as its configuration set publishes it, with the sent mail's own headers echoed) goes
 * through SNS {@code email-feedback} to SQS {@code notifications-email-feedback} (raw delivery, as
 * wired) and is handed to {@link EmailFeedbackHandler} as the event source mapping would. An
 * address that hard-bounced or complained gets no more email in its tenant, and the deliveries say
 * why.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS, Service.SNS})
class EmailFeedbackIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Infrastructure infra;
  private static EmbeddedMailServer mail;
  private static NotificationsStack stack;
  private static EmailFeedbackHandler handler;
  private static SqsQueue feedbackQueue;
  private static String feedbackTopic;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    infra = infrastructure;
    mail = EmbeddedMailServer.start();
    feedbackQueue = infrastructure.queue(EmailFeedbackHandler.QUEUE);
    feedbackTopic = infrastructure.snsTopic("email-feedback");
    infrastructure.subscribe(feedbackTopic, feedbackQueue, Map.of("RawMessageDelivery", "true"));
    stack =
        NotificationsStack.start(
            infrastructure,
            mail,
            Map.of(
                "sac4cps.sqs.queue-urls." + EmailFeedbackHandler.DEAD_LETTER_QUEUE,
                feedbackQueue.deadLetterUrl()));
    handler = new EmailFeedbackHandler(stack.api().context());
  }

  @AfterAll
  static void stop() {
    stack.close();
    mail.close();
  }

  @Test
  void aHardBouncedAddressGetsNoMoreEmailInItsTenantAndTheDeliveriesRecordWhy() throws Exception {
    String tenant = tenant();
    String user = register(tenant, "bounce");
    String address = user + "@example.com";
    JsonNode first = sendEmail(tenant, user, "Before the bounce");
    assertThat(status(first)).isEqualTo("sent");
    EmbeddedMailServer.Mail sent = onlyMail(address, "Before the bounce");

    feedback(bounce(sent, "Permanent", "smtp; 550 5.1.1 user unknown"));

    Delivery bounced = delivery(tenant, first.get("id").asText());
    assertThat(bounced.status().wireName()).isEqualTo("failed");
    assertThat(bounced.error())
        .isEqualTo("hard bounce (Permanent/General): smtp; 550 5.1.1 user unknown");

    JsonNode after = sendEmail(tenant, user, "After the bounce");
    JsonNode refused = after.get("deliveries").get(0);
    assertThat(refused.get("status").asText()).isEqualTo("failed");
    assertThat(refused.get("attempts").asInt()).as("not retried").isEqualTo(1);
    assertThat(refused.get("error").asText())
        .startsWith("the address is suppressed: hard bounce (Permanent/General): smtp; 550 5.1.1");

    // The same address in another tenant is another recipient: its mail still goes out.
    String other = tenant();
    register(other, user, address);
    assertThat(status(sendEmail(other, user, "Another tenant"))).isEqualTo("sent");
    onlyMail(address, "Another tenant");
    assertThat(mail.receivedBy(address))
        .extracting(EmbeddedMailServer.Mail::subject)
        .doesNotContain("After the bounce");
  }

  @Test
  void aComplaintSuppressesTheAddressButATransientBounceDoesNot() throws Exception {
    String tenant = tenant();
    String full = register(tenant, "full");
    String complainer = register(tenant, "complainer");

    feedback(bounce(mailOf(tenant, full, "Mailbox full"), "Transient", "smtp; 452 4.2.2 full"));
    feedback(complaint(mailOf(tenant, complainer, "Spam?")));

    assertThat(status(sendEmail(tenant, full, "Again, full"))).isEqualTo("sent");
    JsonNode toComplainer = sendEmail(tenant, complainer, "Again, complainer");
    assertThat(status(toComplainer)).isEqualTo("failed");
    assertThat(toComplainer.get("deliveries").get(0).get("error").asText())
        .startsWith("the address is suppressed: complaint (abuse) by the recipient");
    assertThat(mail.receivedBy(complainer + "@example.com"))
        .extracting(EmbeddedMailServer.Mail::subject)
        .doesNotContain("Again, complainer");
  }

  @Test
  void aMessageThatIsNoSesEventOfOurMailIsDeadLetteredWithTheReason() {
    ObjectNode foreign = JSON.createObjectNode();
    foreign.put("eventType", "Bounce");
    ObjectNode bounce = foreign.putObject("bounce").put("bounceType", "Permanent");
    bounce.putArray("bouncedRecipients").addObject().put("emailAddress", "x@example.com");
    foreign.putObject("mail").put("timestamp", Instant.now().toString()).putArray("headers");

    feedback(foreign);

    List<Message> dead = receive(feedbackQueue.deadLetterUrl(), Duration.ofSeconds(10));
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).messageAttributes().get("detail").stringValue())
        .contains(EmailSender.TENANT_HEADER);
    assertThat(dead.get(0).messageAttributes().get("consumer").stringValue())
        .isEqualTo(EmailFeedbackHandler.CONSUMER);
  }

  /** Publishes an SES event to the topic and hands what the queue delivers to the handler. */
  private static void feedback(ObjectNode sesEvent) {
    infra.snsClient().publish(r -> r.topicArn(feedbackTopic).message(sesEvent.toString()));
    List<Message> messages = receive(feedbackQueue.url(), Duration.ofSeconds(10));
    assertThat(messages).hasSize(1);
    assertThat(
            handler
                .handleRequest(
                    SqsEvents.received(feedbackQueue.arn(), messages),
                    LocalLambdaContext.of("notifications"))
                .getBatchItemFailures())
        .isEmpty();
    SqsClient sqs = infra.sqsClient();
    messages.forEach(
        m ->
            sqs.deleteMessage(
                r -> r.queueUrl(feedbackQueue.url()).receiptHandle(m.receiptHandle())));
  }

  /** SES's Bounce event (event publishing), for the mail as received. */
  private static ObjectNode bounce(EmbeddedMailServer.Mail sent, String type, String diagnostic) {
    ObjectNode event = JSON.createObjectNode();
    event.put("eventType", "Bounce");
    ObjectNode bounce = event.putObject("bounce");
    bounce.put("feedbackId", "0100018c-" + UUID.randomUUID() + "-000000");
    bounce.put("bounceType", type);
    bounce.put("bounceSubType", type.equals("Permanent") ? "General" : "MailboxFull");
    ObjectNode recipient = bounce.putArray("bouncedRecipients").addObject();
    recipient.put("emailAddress", sent.to().get(0));
    recipient.put("action", "failed");
    recipient.put("status", type.equals("Permanent") ? "5.1.1" : "4.2.2");
    recipient.put("diagnosticCode", diagnostic);
    bounce.put("timestamp", Instant.now().toString());
    bounce.put("reportingMTA", "dns; a8-70.smtp-out.amazonses.com");
    event.set("mail", mailObject(sent));
    return event;
  }

  /** SES's Complaint event (event publishing), for the mail as received. */
  private static ObjectNode complaint(EmbeddedMailServer.Mail sent) {
    ObjectNode event = JSON.createObjectNode();
    event.put("eventType", "Complaint");
    ObjectNode complaint = event.putObject("complaint");
    complaint.putArray("complainedRecipients").addObject().put("emailAddress", sent.to().get(0));
    complaint.put("timestamp", Instant.now().toString());
    complaint.put("feedbackId", "0100018c-" + UUID.randomUUID() + "-000000");
    complaint.put("userAgent", "Mozilla/5.0");
    complaint.put("complaintFeedbackType", "abuse");
    complaint.put("arrivalDate", Instant.now().toString());
    event.set("mail", mailObject(sent));
    return event;
  }

  /** SES's {@code mail} object: the sent message's own headers, as SES echoes them. */
  private static ObjectNode mailObject(EmbeddedMailServer.Mail sent) {
    ObjectNode object = JSON.createObjectNode();
    object.put("timestamp", sent.receivedAt().toString());
    object.put("source", sent.from());
    object.put("sourceArn", "arn:aws:ses:eu-central-1:123456789012:identity/sac4cps.example");
    object.put("sendingAccountId", "123456789012");
    object.put("messageId", "0100018c-" + UUID.randomUUID());
    object.putArray("destination").add(sent.to().get(0));
    object.put("headersTruncated", false);
    ArrayNode headers = object.putArray("headers");
    for (Map.Entry<String, String> header : mail.headersOf(sent.notificationId())) {
      headers.addObject().put("name", header.getKey()).put("value", header.getValue());
    }
    ObjectNode common = object.putObject("commonHeaders");
    common.putArray("from").add(sent.from());
    common.putArray("to").add(sent.to().get(0));
    common.put("subject", sent.subject());
    object.putObject("tags").putArray("ses:configuration-set").add("sac4cps-dev");
    return object;
  }

  private static EmbeddedMailServer.Mail mailOf(String tenant, String user, String subject)
      throws Exception {
    assertThat(status(sendEmail(tenant, user, subject))).isEqualTo("sent");
    return onlyMail(user + "@example.com", subject);
  }

  private static EmbeddedMailServer.Mail onlyMail(String address, String subject) {
    List<EmbeddedMailServer.Mail> mails =
        mail.await(
            m -> m.to().contains(address) && m.subject().equals(subject), 1, Duration.ofSeconds(5));
    assertThat(mails).hasSize(1);
    return mails.get(0);
  }

  private static JsonNode sendEmail(String tenant, String user, String title) throws Exception {
    ApiResponse sent =
        stack
            .api()
            .post(
                "/notifications/send",
                token(tenant, "u-admin", "admin"),
                "{\"to\":{\"userIds\":[\""
                    + user
                    + "\"]},\"channels\":[\"email\"],\"title\":\""
                    + title
                    + "\",\"body\":\"b\"}");
    assertThat(sent.status()).isEqualTo(202);
    return JSON.readTree(sent.body());
  }

  private static String status(JsonNode sent) {
    assertThat(sent.get("deliveries")).hasSize(1);
    return sent.get("deliveries").get(0).get("status").asText();
  }

  @SuppressWarnings("unchecked")
  private static Delivery delivery(String tenant, String causeId) {
    var context = stack.api().context();
    TransactionOperations<Connection> transactions = context.getBean(TransactionOperations.class);
    List<Delivery> deliveries =
        transactions.executeRead(
            s -> context.getBean(DeliveryStore.class).ofCause(tenant, causeId));
    assertThat(deliveries).hasSize(1);
    assertThat(deliveries.get(0).channel()).isEqualTo(Channel.EMAIL);
    return deliveries.get(0);
  }

  private static String register(String tenant, String name) {
    String user = "u-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    register(tenant, user, user + "@example.com");
    return user;
  }

  private static void register(String tenant, String user, String email) {
    stack.publish(
        NotificationEvents.IDENTITY_ARN,
        NotificationEvents.userRegistered(tenant, user, email, user, "viewer"));
  }

  private static String tenant() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static List<Message> receive(String url, Duration within) {
    List<Message> messages = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    while (messages.isEmpty() && System.nanoTime() < deadline) {
      messages.addAll(
          infra
              .sqsClient()
              .receiveMessage(
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
