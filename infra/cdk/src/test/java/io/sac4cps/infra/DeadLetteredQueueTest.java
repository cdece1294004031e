package io.sac4cps.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sac4cps.infra.constructs.DeadLetteredQueue;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** A queue with its DLQ, and a Kafka consumer's DLQ alone, with the same alarm on dead letters. */
class DeadLetteredQueueTest {

  @Test
  void aQueueGetsItsDeadLetterQueueRedriveAndBothAlarms() {
    Stack stack = new Stack(new App(), "Queues");
    DeadLetteredQueue.builder(stack, "Work").queueName("work").maxReceiveCount(3).build();
    Template template = Template.fromStack(stack);

    template.resourceCountIs("AWS::SQS::Queue", 2);
    template.hasResourceProperties(
        "AWS::SQS::Queue",
        Map.of(
            "QueueName", "work", "RedrivePolicy", Match.objectLike(Map.of("maxReceiveCount", 3))));
    template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "work-dlq"));
    template.resourceCountIs("AWS::CloudWatch::Alarm", 2);
  }

  @Test
  void aKafkaConsumersDeadLetterQueueIsTheOnlyQueueNamedAsGivenAndAlarmedOnAnyMessage() {
    Stack stack = new Stack(new App(), "KafkaDlq");
    DeadLetteredQueue deadLetters =
        DeadLetteredQueue.builder(stack, "RoomsDlq")
            .queueName("rooms-sensor-readings-dlq")
            .source(DeadLetteredQueue.Source.KAFKA_CONSUMER)
            .build();
    Template template = Template.fromStack(stack);

    template.resourceCountIs("AWS::SQS::Queue", 1);
    template.hasResourceProperties(
        "AWS::SQS::Queue",
        Map.of(
            "QueueName",
            "rooms-sensor-readings-dlq",
            "SqsManagedSseEnabled",
            true,
            "MessageRetentionPeriod",
            14 * 24 * 3600));
    template.resourceCountIs("AWS::CloudWatch::Alarm", 1);
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "MetricName",
            "ApproximateNumberOfMessagesVisible",
            "Threshold",
            0,
            "ComparisonOperator",
            "GreaterThanThreshold",
            "AlarmDescription",
            "rooms-sensor-readings-dlq: Kafka records failed processing"));
    assertThat(deadLetters.getDeadLetterQueue()).isNotNull();
    assertThatThrownBy(deadLetters::getQueue).hasMessageContaining("has no source queue");
  }
}
