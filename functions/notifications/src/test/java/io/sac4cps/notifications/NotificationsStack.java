package io.sac4cps.notifications;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sac4cps.embedded.EmbeddedMailServer;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.notifications.events.InboxQueueHandler;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.SqsEvents;
import io.sac4cps.testkit.security.TestTokens;
import java.util.Map;

/**
 * The notifications function as the ITs run it: its HTTP handler ({@link ApiFunction}) and its
 * {@code notifications-inbox} handler on one application context, sending email to a real SMTP
 * server.
 */
public final class NotificationsStack implements AutoCloseable {
  private final ApiFunction api;
  private final InboxQueueHandler inbox;

  private NotificationsStack(ApiFunction api) {
    this.api = api;
    this.inbox = new InboxQueueHandler(api.context());
  }

  public static NotificationsStack start(
      Infrastructure infrastructure, EmbeddedMailServer mail, Map<String, Object> more) {
    return start(infrastructure, mail, more, new Object[0]);
  }

  /** With {@code beans} registered before the context starts (e.g. a span exporter). */
  public static NotificationsStack start(
      Infrastructure infrastructure,
      EmbeddedMailServer mail,
      Map<String, Object> more,
      Object... beans) {
    ApiFunction.Builder builder =
        ApiFunction.builder("notifications")
            .properties(infrastructure.properties())
            .property("aws.services.ses.smtp.host", mail.host())
            .property("aws.services.ses.smtp.port", mail.port())
            .properties(more);
    for (Object bean : beans) {
      builder.singleton(bean);
    }
    return new NotificationsStack(builder.start());
  }

  public ApiFunction api() {
    return api;
  }

  public InboxQueueHandler inboxHandler() {
    return inbox;
  }

  /** Delivers SQS messages (bodies as SNS puts them on the queue) to the inbox handler. */
  public SQSBatchResponse deliver(SQSEvent.SQSMessage... messages) {
    return inbox.handleRequest(SqsEvents.event(messages), LocalLambdaContext.of("notifications"));
  }

  /** One message per event, published to {@code topicArn}. */
  public SQSBatchResponse publish(String topicArn, ObjectNode... events) {
    SQSEvent.SQSMessage[] messages = new SQSEvent.SQSMessage[events.length];
    for (int i = 0; i < events.length; i++) {
      messages[i] = SqsEvents.message(NotificationEvents.snsBody(topicArn, events[i])).build();
    }
    return deliver(messages);
  }

  public static String token(String tenant, String userId, String... roles) {
    return TestTokens.token(userId, tenant, roles);
  }

  @Override
  public void close() {
    api.close();
  }
}
