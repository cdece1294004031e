package io.sac4cps.infra.constructs;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * An SQS queue with its dead-letter queue {@code <name>-dlq}, redrive after {@code maxReceiveCount}
 * receives, an alarm when the oldest message waits too long and an alarm when anything lands in the
 * DLQ.
 */
public final class DeadLetteredQueue extends Construct {

  private final Queue queue;
  private final Queue deadLetterQueue;
  private final Alarm ageAlarm;
  private final Alarm deadLetterAlarm;

  private DeadLetteredQueue(Construct scope, String id, Builder props) {
    super(scope, id);
    this.deadLetterQueue =
        Queue.Builder.create(this, "Dlq")
            .queueName(props.queueName + "-dlq")
            .encryption(QueueEncryption.SQS_MANAGED)
            .enforceSsl(true)
            .retentionPeriod(Duration.days(14))
            .build();
    this.queue =
        Queue.Builder.create(this, "Queue")
            .queueName(props.queueName)
            .encryption(QueueEncryption.SQS_MANAGED)
            .enforceSsl(true)
            .visibilityTimeout(Duration.seconds(props.visibilityTimeoutSeconds))
            .deadLetterQueue(
                DeadLetterQueue.builder()
                    .queue(deadLetterQueue)
                    .maxReceiveCount(props.maxReceiveCount)
                    .build())
            .build();
    this.ageAlarm =
        queue
            .metricApproximateAgeOfOldestMessage(
                MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").build())
            .createAlarm(
                this,
                "AgeOfOldestMessageAlarm",
                CreateAlarmOptions.builder()
                    .alarmDescription(
                        props.queueName + ": a message has waited longer than the consumer allows")
                    .threshold(props.maxMessageAgeSeconds)
                    .evaluationPeriods(5)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build());
    this.deadLetterAlarm =
        deadLetterQueue
            .metricApproximateNumberOfMessagesVisible(
                MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").build())
            .createAlarm(
                this,
                "DeadLettersAlarm",
                CreateAlarmOptions.builder()
                    .alarmDescription(props.queueName + ": messages reached the dead-letter queue")
                    .threshold(0)
                    .evaluationPeriods(1)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build());
  }

  public static Builder builder(Construct scope, String id) {
    return new Builder(scope, id);
  }

  public Queue getQueue() {
    return queue;
  }

  public Queue getDeadLetterQueue() {
    return deadLetterQueue;
  }

  public Alarm getAgeAlarm() {
    return ageAlarm;
  }

  public Alarm getDeadLetterAlarm() {
    return deadLetterAlarm;
  }

  /** Props builder; {@link #build()} validates before creating anything. */
  public static final class Builder {
    private final Construct scope;
    private final String id;
    private String queueName;
    private int visibilityTimeoutSeconds = 30;
    private int maxReceiveCount = 5;
    private int maxMessageAgeSeconds = 300;

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    public Builder queueName(String queueName) {
      this.queueName = queueName;
      return this;
    }

    public Builder visibilityTimeoutSeconds(int visibilityTimeoutSeconds) {
      this.visibilityTimeoutSeconds = visibilityTimeoutSeconds;
      return this;
    }

    public Builder maxReceiveCount(int maxReceiveCount) {
      this.maxReceiveCount = maxReceiveCount;
      return this;
    }

    /** The age of the oldest message above which the alarm fires. */
    public Builder maxMessageAgeSeconds(int maxMessageAgeSeconds) {
      this.maxMessageAgeSeconds = maxMessageAgeSeconds;
      return this;
    }

    public DeadLetteredQueue build() {
      if (queueName == null || !queueName.matches("[A-Za-z0-9_-]{1,76}")) {
        throw new IllegalArgumentException(
            "queueName must be 1..76 letters, digits, '-' or '_' (the DLQ adds '-dlq'), was "
                + queueName);
      }
      if (visibilityTimeoutSeconds < 0 || visibilityTimeoutSeconds > 43_200) {
        throw new IllegalArgumentException(
            queueName + ": visibilityTimeoutSeconds must be 0..43200");
      }
      if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
        throw new IllegalArgumentException(queueName + ": maxReceiveCount must be 1..1000");
      }
      if (maxMessageAgeSeconds < 60) {
        throw new IllegalArgumentException(queueName + ": maxMessageAgeSeconds must be >= 60");
      }
      return new DeadLetteredQueue(scope, id, this);
    }
  }
}
