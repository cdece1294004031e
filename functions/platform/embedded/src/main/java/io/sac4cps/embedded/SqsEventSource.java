package io.sac4cps.embedded;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What Lambda's SQS event source hands a handler: the {@link SQSEvent} of messages received from a
 * real queue, with ids, receipt handles, bodies, system and message attributes as SQS returned
 * them. The local stack's pollers and the test kit build their events here.
 */
public final class SqsEventSource {
  private SqsEventSource() {}

  /**
   * @param queueArn the queue's ARN, as {@code eventSourceArn}
   * @param messages received with {@code messageSystemAttributeNames(ALL)} and {@code
   *     messageAttributeNames("All")}
   */
  public static SQSEvent event(String queueArn, List<Message> messages) {
    List<SQSEvent.SQSMessage> records = new ArrayList<>(messages.size());
    for (Message received : messages) {
      SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
      record.setMessageId(received.messageId());
      record.setReceiptHandle(received.receiptHandle());
      record.setBody(received.body());
      record.setMd5OfBody(received.md5OfBody());
      record.setMd5OfMessageAttributes(received.md5OfMessageAttributes());
      Map<String, String> attributes = new LinkedHashMap<>();
      received.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
      record.setAttributes(attributes);
      Map<String, SQSEvent.MessageAttribute> messageAttributes = new LinkedHashMap<>();
      received
          .messageAttributes()
          .forEach(
              (name, value) -> {
                SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
                attribute.setDataType(value.dataType());
                attribute.setStringValue(value.stringValue());
                if (value.binaryValue() != null) {
                  attribute.setBinaryValue(value.binaryValue().asByteBuffer());
                }
                messageAttributes.put(name, attribute);
              });
      record.setMessageAttributes(messageAttributes);
      record.setEventSource("aws:sqs");
      record.setEventSourceArn(queueArn);
      record.setAwsRegion(LocalAwsAccount.REGION);
      records.add(record);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }
}
