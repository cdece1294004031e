package io.sac4cps.notifications.events;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.notifications.service.EmailSuppression;
import io.sac4cps.platform.consumer.DeadLetter;
import io.sac4cps.platform.consumer.DeadLetterQueue;
import io.sac4cps.platform.consumer.PoisonRecordException;
import io.sac4cps.platform.consumer.SqsBatch;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The Lambda behind {@code notifications-email-feedback} (contracts/wiring.yaml): SES's bounce and
 * complaint events, published by the configuration set to SNS {@code email-feedback} (infra/cdk,
 * decision 0057). A hard bounce or complaint suppresses the address in its tenant ({@link
 * EmailSuppression}); a message that is no SES event of our mail goes to the DLQ with the reason;
 * one that fails otherwise (database down) is reported as a partial batch failure. SES events carry
 * no CloudEvent id, and applying one twice changes nothing, so no dedupe table is needed.
 */
public class EmailFeedbackHandler extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {
  public static final String QUEUE = "notifications-email-feedback";
  public static final String CONSUMER = "notifications.email-feedback";
  static final String DEAD_LETTER_QUEUE =
      Wiring.load().queue(QUEUE).orElseThrow().deadLetterQueueName();

  @Inject SesEventDecoder decoder;
  @Inject EmailSuppression suppression;
  @Inject DeadLetterQueue deadLetters;

  public EmailFeedbackHandler() {}

  /** For tests and the local stack: a handler on an existing context. */
  public EmailFeedbackHandler(io.micronaut.context.ApplicationContext context) {
    super(context);
  }

  @Override
  public SQSBatchResponse execute(SQSEvent event) {
    return SqsBatch.process(event, this::apply);
  }

  private void apply(SQSEvent.SQSMessage message) {
    try {
      decoder.decode(message.getBody()).ifPresent(suppression::apply);
    } catch (PoisonRecordException poison) {
      deadLetters.sendAll(DEAD_LETTER_QUEUE, List.of(DeadLetter.of(CONSUMER, message, poison)));
    }
  }
}
