package io.sac4cps.tasks.events;

import io.sac4cps.contracts.events.CloudEvent;
import io.sac4cps.contracts.events.TaskCancelRequested;
import io.sac4cps.contracts.events.TaskProgressReported;
import io.sac4cps.contracts.events.TaskRunRequested;
import io.sac4cps.contracts.events.TaskStatusChanged;
import io.sac4cps.contracts.events.Topics;
import io.sac4cps.contracts.wiring.TaskKind;
import io.sac4cps.platform.outbox.Destination;
import io.sac4cps.platform.outbox.Outbox;
import io.sac4cps.platform.outbox.OutboxMessage;
import io.sac4cps.tasks.domain.Task;
import io.sac4cps.tasks.domain.TaskProblem;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Outbox messages of the task protocol (docs/decisions/0029): work for the kind's owner on its SQS
 * work queue, and task.status-changed.v1 on Kafka {@code task.events} keyed by task id.
 */
@Singleton
public class TaskEvents {
  static final String FUNCTION = "tasks";
  private static final Destination TASK_EVENTS = Destination.kafka(Topics.TASK_EVENTS);

  private final Outbox outbox;

  public TaskEvents(Outbox outbox) {
    this.outbox = outbox;
  }

  /** task.run-requested.v1 for the first attempt, to the owner's work queue. */
  public OutboxMessage runRequested(Task task, TaskKind kind, Instant now) {
    TaskRunRequested data =
        new TaskRunRequested(task.id(), task.kind(), task.params(), task.createdBy(), 1);
    return toOwner(task, kind, TaskRunRequested.TYPE, now, data);
  }

  /** task.cancel-requested.v1: the owner never starts the task, or stops it. */
  public OutboxMessage cancelRequested(Task task, TaskKind kind, String requestedBy, Instant now) {
    TaskCancelRequested data = new TaskCancelRequested(task.id(), task.kind(), requestedBy, now);
    return toOwner(task, kind, TaskCancelRequested.TYPE, now, data);
  }

  /**
   * task.status-changed.v1 of the task's latest event ({@code eventSequence}). Its id follows from
   * the task and the sequence, so the same change is the same event however often it is sent.
   */
  public OutboxMessage statusChanged(Task before, Task after, Instant now) {
    TaskStatusChanged data =
        new TaskStatusChanged(
            after.id(),
            after.kind(),
            after.status().wireName(),
            before == null ? null : before.status().wireName(),
            after.eventSequence(),
            after.createdBy(),
            now,
            after.attempts(),
            new TaskProgressReported.Progress(
                after.progress().done(), after.progress().total(), after.progress().message()),
            after.error() == null ? null : problem(after.error()));
    String id = eventId(after.id(), "status-changed", after.eventSequence());
    CloudEvent<TaskStatusChanged> event = event(id, after, TaskStatusChanged.TYPE, now, data);
    return outbox.message(id, TASK_EVENTS, after.id(), event);
  }

  private <T> OutboxMessage toOwner(Task task, TaskKind kind, String type, Instant now, T data) {
    String id = UUID.randomUUID().toString();
    return outbox.message(
        id, Destination.sqs(kind.queue()), task.id(), event(id, task, type, now, data));
  }

  private static <T> CloudEvent<T> event(String id, Task task, String type, Instant now, T data) {
    return CloudEvent.produced(
        id, CloudEvent.source(FUNCTION), type, now, task.id(), task.tenantId(), data);
  }

  static TaskProgressReported.Problem problem(TaskProblem problem) {
    return new TaskProgressReported.Problem(
        problem.type(), problem.title(), problem.status(), problem.detail());
  }

  private static String eventId(String taskId, String what, long sequence) {
    return UUID.nameUUIDFromBytes(
            (taskId + '\n' + what + '\n' + sequence).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
