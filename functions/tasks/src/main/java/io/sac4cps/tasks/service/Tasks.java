package io.sac4cps.tasks.service;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.contracts.wiring.TaskKind;
import io.sac4cps.platform.outbox.Outbox;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.tasks.domain.IdempotencyKey;
import io.sac4cps.tasks.domain.Task;
import io.sac4cps.tasks.domain.TaskLifecycle;
import io.sac4cps.tasks.domain.TaskStatus;
import io.sac4cps.tasks.domain.Transition;
import io.sac4cps.tasks.events.TaskEvents;
import io.sac4cps.tasks.store.IdempotencyKeyStore;
import io.sac4cps.tasks.store.TaskStore;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Creating, reading, listing and cancelling a tenant's tasks. */
@Singleton
public class Tasks {
  private final TransactionOperations<Connection> transactions;
  private final TaskStore tasks;
  private final IdempotencyKeyStore keys;
  private final TaskEvents events;
  private final TaskChanges changes;
  private final Outbox outbox;
  private final Clock clock;
  private final Duration keyRetention;

  public Tasks(
      TransactionOperations<Connection> transactions,
      TaskStore tasks,
      IdempotencyKeyStore keys,
      TaskEvents events,
      TaskChanges changes,
      Outbox outbox,
      Clock clock,
      @Value("${tasks.idempotency.retention:24h}") Duration keyRetention) {
    this.transactions = transactions;
    this.tasks = tasks;
    this.keys = keys;
    this.events = events;
    this.changes = changes;
    this.outbox = outbox;
    this.clock = clock;
    this.keyRetention = keyRetention;
  }

  /**
   * Queues a task of a runnable kind: in one transaction the task row, task.run-requested.v1 to the
   * owner's work queue and task.status-changed.v1 (pending) on task.events. With a key: the same
   * key and fingerprint answer the original task, another fingerprint is a 422, and a request with
   * the key still in flight is a 409 (decision 0030).
   *
   * @return the created task, or the one an earlier request with the same key created
   */
  public Task create(
      String tenantId,
      String createdBy,
      TaskKind kind,
      Map<String, Object> params,
      Optional<IdempotencyKey> key,
      String fingerprint) {
    return transactions.executeWrite(
        status -> {
          if (key.isPresent()) {
            String value = key.get().value();
            if (!keys.tryClaim(tenantId, value)) {
              throw ProblemException.conflict(
                      "A request with this Idempotency-Key is still being processed; retry"
                          + " shortly.")
                  .withHeader("Retry-After", "1");
            }
            Optional<IdempotencyKeyStore.Recorded> recorded =
                keys.find(tenantId, value, keyRetention);
            if (recorded.isPresent()) {
              if (!recorded.get().fingerprint().equals(fingerprint)) {
                throw new ProblemException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "This Idempotency-Key was used with another request body.");
              }
              return tasks.find(tenantId, recorded.get().taskId()).orElseThrow();
            }
          }
          Instant now = now();
          Task task =
              Task.pending(
                  tenantId, "task-" + UUID.randomUUID(), kind.kind(), params, createdBy, now);
          tasks.insert(task);
          key.ifPresent(k -> keys.record(tenantId, k.value(), fingerprint, task.id()));
          outbox.addAll(
              List.of(events.runRequested(task, kind, now), events.statusChanged(null, task, now)));
          return task;
        });
  }

  public Optional<Task> find(String tenantId, String id) {
    return transactions.executeRead(status -> tasks.find(tenantId, id));
  }

  /** A page of the tenant's tasks, newest first, after the keyset of the previous page's last. */
  public List<Task> list(
      String tenantId,
      TaskStatus status,
      String kind,
      Instant afterCreatedAt,
      String afterId,
      int limit) {
    return transactions.executeRead(
        s -> tasks.list(tenantId, status, kind, afterCreatedAt, afterId, limit));
  }

  /**
   * Cancels the task (see {@link TaskLifecycle#cancel}): the owner is told in the same transaction;
   * a finished task is a 409.
   */
  public Task cancel(String tenantId, String id, String requestedBy) {
    return transactions.executeWrite(
        status -> {
          Task task =
              tasks.lock(tenantId, id).orElseThrow(() -> ProblemException.notFound("Task", id));
          Instant now = now();
          return switch (TaskLifecycle.cancel(task, now)) {
            case Transition.Refused refused -> throw ProblemException.conflict(refused.reason());
            case Transition.Unchanged unchanged -> unchanged.task();
            case Transition.Changed changed -> {
              changes.record(changed, requestedBy, now);
              yield changed.after();
            }
          };
        });
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
