package io.sac4cps.notifications.channels;

import io.sac4cps.notifications.domain.Channel;
import io.sac4cps.notifications.domain.Outcome;
import io.sac4cps.notifications.store.DeliveryStore.Job;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * SMS through SNS {@code Publish} to the recipient's E.164 number from their preferences (locally
 * the SNS stand-in records them). A number SNS refuses fails at once; anything else is retried.
 */
@Singleton
public class SmsSender implements ChannelSender {
  /** SNS's limit for one SMS publish. */
  static final int MAX_TEXT = 1600;

  private final SnsClient sns;

  public SmsSender(SnsClient sns) {
    this.sns = sns;
  }

  @Override
  public Channel channel() {
    return Channel.SMS;
  }

  @Override
  public Outcome send(Job job) {
    if (job.phone() == null) {
      return Outcome.skipped("no phone number");
    }
    var message = job.notification().message();
    String text = message.title() + ": " + message.body();
    if (text.length() > MAX_TEXT) {
      text = text.substring(0, MAX_TEXT - 1) + "…";
    }
    try {
      sns.publish(
          PublishRequest.builder()
              .phoneNumber(job.phone())
              .message(text)
              .messageAttributes(
                  java.util.Map.of(
                      "AWS.SNS.SMS.SMSType",
                      MessageAttributeValue.builder()
                          .dataType("String")
                          .stringValue("Transactional")
                          .build()))
              .build());
      return Outcome.sent();
    } catch (InvalidParameterException e) {
      return Outcome.rejected("SNS refused the number: " + e.awsErrorDetails().errorMessage());
    } catch (SnsException e) {
      return Outcome.failed("SNS: " + e.getMessage());
    } catch (RuntimeException e) {
      return Outcome.failed("SNS: " + e.getMessage());
    }
  }
}
