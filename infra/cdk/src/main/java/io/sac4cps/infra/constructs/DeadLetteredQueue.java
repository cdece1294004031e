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
 * DLQ. For a Kafka consumer ({@link Source#KAFKA_CONSUMER}) there is no queue to redrive from: the
 * dead-letter queue alone, named as given, is the event-source mapping's on-failure destination
 * (and where the handler sends poison records itself), with the same alarm; likewise for schedules
 * ({@link Source#SCHEDULE}).
 */
public final class DeadLetteredQueue extends Construct {

  /** What dead-letters into it. */
  public enum Source {
    /** The queue this construct creates, after {@code maxReceiveCount} receives. */
    QUEUE,
    /** A Kafka consumer's event-source mapping and handler: no source queue. */
    KAFKA_CONSUMER,
    /** EventBridge schedule targets that could not be invoked: no source queue. */
    SCHEDULE
  }

  private final Queue queue;
  private final Queue deadLetterQueue;
  private final Alarm ageAlarm;
  private final Alarm deadLetterAlarm;

  private DeadLetteredQueue(Construct scope, String id, Builder props) {
    super(scope, id);
    boolean deadLettersOnly = props.source != Source.QUEUE;
    this.deadLetterQueue =
        Queue.Builder.create(this, "Dlq")
            .queueName(deadLettersOnly ? props.queueName : props.queueName + "-dlq")
            .encryption(QueueEncryption.SQS_MANAGED)
            .enforceSsl(true)
            .retentionPeriod(Duration.days(14))
            .build();
    Findings.accept(deadLetterQueue, "AwsSolutions-SQS3", "this is the dead-letter queue");
    Findings.accept(
        deadLetterQueue,
        "Serverless-SQSRedrivePolicy",
        "this is the dead-letter queue (alarmed when anything lands in it)");
    this.deadLetterAlarm =
        deadLetterQueue
            .metricApproximateNumberOfMessagesVisible(
                MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").build())
            .createAlarm(
                this,
                "DeadLettersAlarm",
                CreateAlarmOptions.builder()
                    .alarmDescription(
                        props.queueName
                            + switch (props.source) {
                              case KAFKA_CONSUMER -> ": Kafka records failed processing";
                              case SCHEDULE -> ": a scheduled invocation failed";
                              case QUEUE -> ": messages reached the dead-letter queue";
                            })
                    .threshold(0)
                    .evaluationPeriods(1)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build());
    if (deadLettersOnly) {
      this.queue = null;
      this.ageAlarm = null;
      return;
    }
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
  }

  public static Builder builder(Construct scope, String id) {
    return new Builder(scope, id);
  }

  /** The queue consumers read; a Kafka consumer's dead letters have none. */
  public Queue getQueue() {
    if (queue == null) {
      throw new IllegalStateException("a Kafka consumer's dead-letter queue has no source queue");
    }
    return queue;
  }

  public Queue getDeadLetterQueue() {
    return deadLetterQueue;
  }

  /** The age-of-oldest-message alarm of the queue; none for a Kafka consumer's dead letters. */
  public Alarm getAgeAlarm() {
    getQueue();
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
    private Source source = Source.QUEUE;

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

    /**
     * {@link Source#KAFKA_CONSUMER}: only the dead-letter queue, named {@code queueName} itself
     * (the wiring's {@code dlq}); the queue settings do not apply.
     */
    public Builder source(Source source) {
      this.source = source;
      return this;
    }

    public DeadLetteredQueue build() {
      if (source == Source.KAFKA_CONSUMER) {
        if (queueName == null || !queueName.matches("[A-Za-z0-9_-]{1,80}")) {
          throw new IllegalArgumentException(
              "queueName must be 1..80 letters, digits, '-' or '_', was " + queueName);
        }
        return new DeadLetteredQueue(scope, id, this);
      }
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
