package io.sac4cps.notifications.events;

import io.sac4cps.contracts.events.TaskStatusChanged;
import io.sac4cps.contracts.wiring.KafkaConsumer;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.notifications.service.EventNotifications;
import io.sac4cps.notifications.store.TaskSequenceStore;
import io.sac4cps.platform.consumer.EventProjection;
import io.sac4cps.platform.consumer.InboundEvent;
import io.sac4cps.platform.consumer.PoisonRecordException;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * Kafka {@code task.events}: task.status-changed.v1. Each task's events are applied in sequence
 * order; one whose {@code sequence} is not above the last applied for its task is stale (a replay
 * after a newer event) and dropped; a final status reaches the task's creator.
 */
@Singleton
public class TaskEventsProjection implements EventProjection<InboundNotice> {
  private static final KafkaConsumer WIRED =
      Wiring.load().kafkaConsumer(TaskEventsHandler.class.getName()).orElseThrow().consumer();
  public static final String CONSUMER = WIRED.name();
  static final String DEAD_LETTER_QUEUE = WIRED.dlq();

  private static final Map<String, Class<?>> TYPES =
      Map.of(TaskStatusChanged.TYPE, TaskStatusChanged.class);
  private static final Map<String, List<String>> REQUIRED =
      Map.of(
          TaskStatusChanged.TYPE,
          List.of("taskId", "kind", "status", "sequence", "createdBy", "at"));

  private final EventDecoding decoding;
  private final EventNotifications notifications;
  private final TaskSequenceStore sequences;

  public TaskEventsProjection(
      EventDecoding decoding, EventNotifications notifications, TaskSequenceStore sequences) {
    this.decoding = decoding;
    this.notifications = notifications;
    this.sequences = sequences;
  }

  @Override
  public String consumer() {
    return CONSUMER;
  }

  @Override
  public String deadLetterQueue() {
    return DEAD_LETTER_QUEUE;
  }

  @Override
  public InboundNotice decode(InboundEvent event) {
    InboundNotice notice = decoding.decode(event, TYPES, REQUIRED);
    TaskStatusChanged task = (TaskStatusChanged) notice.data();
    if (!TaskStatusChanged.STATUSES.contains(task.status())) {
      throw PoisonRecordException.schemaInvalid(
          "data.status must be one of " + TaskStatusChanged.STATUSES);
    }
    if (task.sequence() < 1) {
      throw PoisonRecordException.schemaInvalid("data.sequence must be at least 1");
    }
    return notice;
  }

  @Override
  public void apply(List<InboundNotice> notices) {
    for (InboundNotice notice : notices) {
      TaskStatusChanged task = (TaskStatusChanged) notice.data();
      if (!sequences.advance(notice.event().tenantId(), task.taskId(), task.sequence())) {
        continue;
      }
      notifications.logged(notice.event(), notice.json());
      notifications.taskStatusChanged(notice.event(), task);
    }
  }
}
