package io.sac4cps.notifications.events;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.sac4cps.platform.sqs.SqsQueueUrls;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * A delivery retry that falls due after the invocation ends (decision 0045): notifications sends
 * its own queue {@code notifications-inbox} a message that SQS hides until the retry is due (at
 * most 900 s; a later one wakes up again then), and the invocation it triggers sends what is due. A
 * wake-up carries the message attribute {@value #ATTRIBUTE} and no event: the inbox handler takes
 * it out of the batch before the event consumer. A wake-up that cannot be sent is logged; the next
 * invocation still sends the retry, late, as before.
 */
@Singleton
public class DeliveryWakeUps {
  public static final String ATTRIBUTE = "sac4cps-delivery-wake-up";
  static final int MAX_DELAY_SECONDS = 900;
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWakeUps.class);

  private final SqsQueueUrls queues;
  private final Clock clock;

  public DeliveryWakeUps(SqsQueueUrls queues, Clock clock) {
    this.queues = queues;
    this.clock = clock;
  }

  /** Has the queue deliver a wake-up at {@code due} (or in 900 s, when that is later). */
  public void at(Instant due) {
    long millis = Duration.between(clock.instant(), due).toMillis();
    int delay = Math.clamp((millis + 999) / 1000, 0, MAX_DELAY_SECONDS);
    try {
      queues
          .client()
          .sendMessage(
              m ->
                  m.queueUrl(queues.urlOf(InboxProjection.QUEUE))
                      .messageBody("{\"deliveriesDueAt\":\"" + due + "\"}")
                      .delaySeconds(delay)
                      .messageAttributes(
                          Map.of(
                              ATTRIBUTE,
                              MessageAttributeValue.builder()
                                  .dataType("String")
                                  .stringValue(due.toString())
                                  .build())));
    } catch (RuntimeException e) {
      LOG.warn("no wake-up for the deliveries due at {}: {}", due, e.toString());
    }
  }

  public static boolean isWakeUp(SQSEvent.SQSMessage message) {
    return message.getMessageAttributes() != null
        && message.getMessageAttributes().containsKey(ATTRIBUTE);
  }
}
