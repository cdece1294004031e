package io.sac4cps.platform.tasks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.contracts.events.CloudEvent;
import io.sac4cps.contracts.events.TaskCancelRequested;
import io.sac4cps.contracts.events.TaskProgressReported;
import io.sac4cps.contracts.events.TaskRunRequested;
import io.sac4cps.contracts.wiring.TaskKind;
import io.sac4cps.platform.consumer.CloudEventReader;
import io.sac4cps.platform.consumer.DeadLetter;
import io.sac4cps.platform.consumer.DeadLetterQueue;
import io.sac4cps.platform.consumer.InboundEvent;
import io.sac4cps.platform.consumer.PoisonReason;
import io.sac4cps.platform.consumer.PoisonRecordException;
import io.sac4cps.platform.consumer.SqsBatch;
import io.sac4cps.platform.outbox.Destination;
import io.sac4cps.platform.outbox.Outbox;
import io.sac4cps.platform.resilience.DependencyUnavailable;
import io.sac4cps.platform.storage.Buckets;
import io.sac4cps.platform.storage.ObjectStorage;
import io.sac4cps.platform.telemetry.Metric;
import io.sac4cps.platform.telemetry.Metrics;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's side of a task (docs/decisions/0029, 0032): runs the {@code task.run-requested.v1}
 * and records the {@code task.cancel-requested.v1} of the function's work queue with its {@link
 * TaskRunner}s, keeping a run record per task ({@link TaskRuns}) and reporting {@code
 * task.progress-reported.v1} to Kafka {@code task.reports} through the outbox.
 *
 * <ul>
 *   <li>A run takes the record until its invocation's deadline (a lease); a run message that is not
 *       the one the record expects (superseded by a continuation or a retry) is dropped.
 *   <li>A cancel sets the record's flag: a run sees it at its next checkpoint; with no run under
 *       way the task is cancelled at once (its partial output discarded); a cancel that arrives
 *       first makes the record cancelled, so the run never starts.
 *   <li>An exception schedules a retry (attempt + 1) through a delayed message, with exponential
 *       backoff and jitter, until the kind's {@code maxAttempts}; then the task fails. A call
 *       refused by an open circuit breaker ({@link DependencyUnavailable}: S3 down) is retried the
 *       same way without spending the attempt.
 *   <li>A worker that died leaves its lease to expire: the message, redelivered after the
 *       visibility timeout, resumes from the last checkpoint.
 *   <li>Poison (not a CloudEvent, an unknown type or kind, invalid data) goes to the queue's DLQ
 *       ({@code <queue>-dlq}) with its reason; when it names a task, the task fails.
 * </ul>
 */
@Singleton
@Requires(classes = software.amazon.awssdk.services.sqs.SqsClient.class)
public class TaskWork {
  private static final Logger LOG = LoggerFactory.getLogger(TaskWork.class);

  /** When a handler is invoked without a Lambda context (a test, a tool): Lambda's maximum. */
  private static final Duration NO_CONTEXT_TIMEOUT = Duration.ofMinutes(15);

  private final Map<String, TaskRunner> runners = new HashMap<>();
  private final TaskKinds kinds;
  private final TaskRuns runs;
  private final TaskReports reports;
  private final Outbox outbox;
  private final CloudEventReader reader;
  private final DeadLetterQueue deadLetters;
  private final TransactionOperations<Connection> transactions;
  private final JsonMapper json;
  private final Clock clock;
  private final Optional<Buckets> buckets;
  private final Duration timeBudget;
  private final Duration progressInterval;
  private final Duration cancelPollInterval;
  private final Duration retryBaseDelay;
  private final Metrics metrics;

  TaskWork(
      List<TaskRunner> runners,
      TaskKinds kinds,
      TaskRuns runs,
      TaskReports reports,
      Outbox outbox,
      CloudEventReader reader,
      DeadLetterQueue deadLetters,
      TransactionOperations<Connection> transactions,
      JsonMapper json,
      Clock clock,
      Optional<Buckets> buckets,
      @Value("${sac4cps.tasks.time-budget:60s}") Duration timeBudget,
      @Value("${sac4cps.tasks.progress-interval:5s}") Duration progressInterval,
      @Value("${sac4cps.tasks.cancel-poll-interval:1s}") Duration cancelPollInterval,
      @Value("${sac4cps.tasks.retry-base-delay:10s}") Duration retryBaseDelay,
      Metrics metrics) {
    this.metrics = metrics;
    runners.forEach(r -> this.runners.put(r.kind(), r));
    this.kinds = kinds;
    this.runs = runs;
    this.reports = reports;
    this.outbox = outbox;
    this.reader = reader;
    this.deadLetters = deadLetters;
    this.transactions = transactions;
    this.json = json;
    this.clock = clock;
    this.buckets = buckets;
    this.timeBudget = timeBudget;
    this.progressInterval = progressInterval;
    this.cancelPollInterval = cancelPollInterval;
    this.retryBaseDelay = retryBaseDelay;
  }

  /** Handles a batch of the work queue; the response lists the messages SQS must deliver again. */
  public SQSBatchResponse consume(SQSEvent event, @Nullable Context lambda) {
    Instant deadline =
        clock
            .instant()
            .plusMillis(
                lambda == null ? NO_CONTEXT_TIMEOUT.toMillis() : lambda.getRemainingTimeInMillis());
    return SqsBatch.process(event, message -> handle(message, deadline));
  }

  private void handle(SQSEvent.SQSMessage message, Instant deadline) {
    InboundEvent inbound;
    try {
      inbound = reader.readSqsBody(message.getBody() == null ? "" : message.getBody());
    } catch (PoisonRecordException e) {
      deadLetter(message, e);
      return;
    }
    switch (inbound.type()) {
      case TaskRunRequested.TYPE -> run(message, inbound, deadline);
      case TaskCancelRequested.TYPE -> cancel(message, inbound);
      default -> deadLetter(message, PoisonRecordException.unknownType(inbound.type()));
    }
  }

  // ---- run ----

  private enum Start {
    RUN,
    DROP,
    BUSY,
    CANCEL,
    POISON
  }

  private record Claim(Start start, @Nullable TaskRuns.Run run) {}

  private void run(SQSEvent.SQSMessage message, InboundEvent inbound, Instant deadline) {
    TaskRunRequested request;
    try {
      request = json.readValueFromTree(inbound.data(), TaskRunRequested.class);
      if (request.taskId() == null || request.kind() == null || request.attempt() < 1) {
        throw new IllegalArgumentException("taskId, kind and attempt >= 1 are required");
      }
    } catch (IOException | RuntimeException e) {
      poison(message, inbound, PoisonRecordException.schemaInvalid(String.valueOf(e.getMessage())));
      return;
    }
    TaskRunner runner = runners.get(request.kind());
    Optional<TaskKind> kind = kinds.kind(request.kind());
    if (runner == null || kind.isEmpty()) {
      poison(
          message,
          inbound,
          new PoisonRecordException(
              PoisonReason.UNKNOWN_TYPE,
              "no runner for task kind " + request.kind() + " in this function"));
      return;
    }
    String taskId = request.taskId();
    String tenantId = inbound.tenantId();
    String runId = UUID.randomUUID().toString();
    Claim claim =
        transactions.executeWrite(
            status -> {
              Optional<TaskRuns.Run> existing = runs.lock(taskId);
              if (existing.isEmpty()) {
                if (runs.insert(
                    taskId,
                    tenantId,
                    request.kind(),
                    paramsJson(request),
                    request.createdBy(),
                    request.attempt(),
                    TaskRuns.RUNNING,
                    inbound.id(),
                    null,
                    false)) {
                  return take(kind.get(), request, tenantId, inbound.id(), runId, deadline, null);
                }
                existing = runs.lock(taskId);
              }
              TaskRuns.Run run = existing.orElseThrow();
              if (!run.tenantId().equals(tenantId) || !run.kind().equals(request.kind())) {
                return new Claim(Start.POISON, run);
              }
              if (run.finished()
                  || (run.workEventId() != null && !run.workEventId().equals(inbound.id()))) {
                return new Claim(Start.DROP, run);
              }
              if (run.leasedAt(clock.instant())) {
                return new Claim(Start.BUSY, run);
              }
              if (run.cancelRequested()) {
                return new Claim(Start.CANCEL, run);
              }
              return take(kind.get(), request, tenantId, inbound.id(), runId, deadline, run);
            });
    switch (claim.start()) {
      case DROP ->
          LOG.info(
              "task {}: work message {} dropped (task {} or superseded)",
              taskId,
              inbound.id(),
              claim.run().state());
      case BUSY ->
          // Another invocation holds the run (SQS delivered the message twice): come back later.
          throw new IllegalStateException("task " + taskId + " is being run by another invocation");
      case POISON ->
          deadLetter(
              message,
              PoisonRecordException.schemaInvalid(
                  "task " + taskId + " belongs to another tenant or kind"));
      case CANCEL -> cancelNow(runner, kind.get(), claim.run(), tenantId);
      case RUN -> {
        RunningTask task =
            new RunningTask(
                this,
                kind.get(),
                tenantId,
                request,
                runId,
                deadline,
                claim.run() == null ? null : claim.run().checkpoint());
        execute(runner, kind.get(), task, runId);
      }
    }
  }

  /** This invocation takes the run until {@code deadline} and reports the task running. */
  private Claim take(
      TaskKind kind,
      TaskRunRequested request,
      String tenantId,
      String workEventId,
      String runId,
      Instant deadline,
      TaskRuns.@Nullable Run run) {
    runs.lease(request.taskId(), workEventId, request.attempt(), runId, deadline);
    reports.record(
        kind.owner(),
        tenantId,
        request.taskId(),
        request.kind(),
        TaskReports.Report.running(request.attempt(), null));
    return new Claim(Start.RUN, run);
  }

  private void execute(TaskRunner runner, TaskKind kind, RunningTask task, String runId) {
    long started = System.nanoTime();
    try {
      runAndEnd(runner, kind, task, runId);
    } finally {
      // Per invocation: a task that checkpoints spans several, each its own line.
      metrics.emit(
          Map.of("TaskKind", task.kind()),
          Metric.millis("TaskInvocationDuration", (System.nanoTime() - started) / 1e6));
    }
  }

  private void runAndEnd(TaskRunner runner, TaskKind kind, RunningTask task, String runId) {
    TaskResult result;
    try {
      result = runner.run(task);
    } catch (TaskStopped stopped) {
      if (stopped.reason() == TaskStopped.Reason.CANCELLED) {
        discard(runner, task);
        endIfStillOurs(
            kind,
            task,
            runId,
            TaskRuns.CANCELLED,
            new TaskReports.Report(
                TaskProgressReported.CANCELLED, task.attempt(), task.lastProgress(), null, null));
      }
      // OUT_OF_TIME: the continuation is queued; SUPERSEDED: another invocation has the run.
      return;
    } catch (Exception e) {
      failed(runner, kind, task, runId, e);
      return;
    }
    endIfStillOurs(
        kind,
        task,
        runId,
        TaskRuns.SUCCEEDED,
        new TaskReports.Report(
            TaskProgressReported.SUCCEEDED, task.attempt(), task.lastProgress(), result, null));
  }

  /** A failed attempt: a retry after a backoff, or the end of the task. */
  private void failed(
      TaskRunner runner, TaskKind kind, RunningTask task, String runId, Exception error) {
    LOG.warn(
        "task {} ({}) attempt {} of {} failed",
        task.taskId(),
        task.kind(),
        task.attempt(),
        kind.maxAttempts(),
        error);
    TaskProgressReported.Problem problem =
        TaskReports.problem("Attempt " + task.attempt() + " failed", error);
    boolean retried =
        transactions.executeWrite(
            status -> {
              TaskRuns.Run run = runs.lock(task.taskId()).orElseThrow();
              // A call refused by an open breaker (S3 down) says nothing about the task: the
              // retry keeps its attempt, so an outage longer than the backoffs fails no task.
              boolean unavailable = refusedByBreaker(error);
              int next = unavailable ? task.attempt() : task.attempt() + 1;
              if (!runId.equals(run.runId())
                  || (!unavailable && task.attempt() >= kind.maxAttempts())
                  || error instanceof TaskRejected) {
                return false;
              }
              Duration delay = backoff(retryBaseDelay, task.attempt());
              CloudEvent<TaskRunRequested> retry =
                  CloudEvent.of(
                      TaskRunRequested.TYPE,
                      kind.owner(),
                      task.taskId(),
                      task.tenantId(),
                      clock.instant(),
                      new TaskRunRequested(
                          task.taskId(), task.kind(), task.params(), task.createdBy(), next));
              runs.handOver(task.taskId(), retry.id(), next);
              outbox.add(
                  outbox.message(retry.id(), Destination.sqs(kind.queue(), delay), null, retry));
              reports.record(
                  kind.owner(),
                  task.tenantId(),
                  task.taskId(),
                  task.kind(),
                  new TaskReports.Report(
                      TaskProgressReported.RETRYING,
                      task.attempt(),
                      task.lastProgress(),
                      null,
                      problem));
              LOG.info("task {}: attempt {} in {}", task.taskId(), next, delay);
              return true;
            });
    if (!retried) {
      discard(runner, task);
      endIfStillOurs(
          kind,
          task,
          runId,
          TaskRuns.FAILED,
          new TaskReports.Report(
              TaskProgressReported.FAILED,
              task.attempt(),
              task.lastProgress(),
              null,
              TaskReports.problem(
                  error instanceof TaskRejected
                      ? "Task rejected"
                      : "Task failed after " + task.attempt() + " attempts",
                  problem.detail() == null ? "" : problem.detail())));
    }
  }

  private static boolean refusedByBreaker(Throwable error) {
    for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof DependencyUnavailable) {
        return true;
      }
    }
    return false;
  }

  /**
   * Exponential backoff with equal jitter: half of {@code base * 2^(attempt-1)} plus a random part
   * of the other half, at most SQS's 15 minutes. Half is fixed so retries never bunch at zero.
   */
  static Duration backoff(Duration base, int failedAttempt) {
    long ceiling =
        Math.min(
            Destination.MAX_DELAY_SECONDS * 1000L,
            base.toMillis() << Math.min(20, Math.max(0, failedAttempt - 1)));
    long half = ceiling / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }

  private void endIfStillOurs(
      TaskKind kind, RunningTask task, String runId, String state, TaskReports.Report report) {
    transactions.executeWrite(
        status -> {
          TaskRuns.Run run = runs.lock(task.taskId()).orElseThrow();
          if (!runId.equals(run.runId())) {
            return null;
          }
          finish(kind.owner(), task.tenantId(), task.taskId(), task.kind(), state, report);
          return null;
        });
  }

  /** Ends the run in {@code state} and reports it, in the caller's transaction. */
  private void finish(
      String owner,
      String tenantId,
      String taskId,
      String kind,
      String state,
      TaskReports.Report report) {
    runs.finish(taskId, state);
    reports.record(owner, tenantId, taskId, kind, report);
  }

  // ---- cancel ----

  private void cancel(SQSEvent.SQSMessage message, InboundEvent inbound) {
    TaskCancelRequested request;
    try {
      request = json.readValueFromTree(inbound.data(), TaskCancelRequested.class);
      if (request.taskId() == null || request.kind() == null) {
        throw new IllegalArgumentException("taskId and kind are required");
      }
    } catch (IOException | RuntimeException e) {
      deadLetter(message, PoisonRecordException.schemaInvalid(String.valueOf(e.getMessage())));
      return;
    }
    String taskId = request.taskId();
    String tenantId = inbound.tenantId();
    Optional<TaskKind> kind = kinds.kind(request.kind());
    String owner = kind.map(TaskKind::owner).orElse("tasks");
    Claim claim =
        transactions.executeWrite(
            status -> {
              Optional<TaskRuns.Run> existing = runs.lock(taskId);
              if (existing.isEmpty()) {
                if (runs.insertFinished(taskId, tenantId, request.kind(), TaskRuns.CANCELLED)) {
                  // Before its work: the run will find the record cancelled and never start.
                  reports.record(
                      owner,
                      tenantId,
                      taskId,
                      request.kind(),
                      TaskReports.Report.of(TaskProgressReported.CANCELLED, 1));
                  return new Claim(Start.DROP, null);
                }
                existing = runs.lock(taskId);
              }
              TaskRuns.Run run = existing.orElseThrow();
              if (!run.tenantId().equals(tenantId)) {
                return new Claim(Start.POISON, run);
              }
              if (run.finished()) {
                return new Claim(Start.DROP, run);
              }
              runs.requestCancel(taskId);
              // A run under way sees the flag at its next checkpoint.
              return new Claim(run.leasedAt(clock.instant()) ? Start.DROP : Start.CANCEL, run);
            });
    if (claim.start() == Start.POISON) {
      deadLetter(
          message,
          PoisonRecordException.schemaInvalid("task " + taskId + " belongs to another tenant"));
    } else if (claim.start() == Start.CANCEL) {
      TaskRuns.Run run = claim.run();
      cancelNow(
          runners.get(run.kind()),
          kind.orElse(new TaskKind(run.kind(), owner, "", 1, 0, false)),
          run,
          tenantId);
    }
  }

  /** Cancels a task no invocation is running: discards its partial output, reports cancelled. */
  private void cancelNow(
      @Nullable TaskRunner runner, TaskKind kind, TaskRuns.Run run, String tenantId) {
    RunningTask task =
        new RunningTask(
            this,
            kind,
            tenantId,
            new TaskRunRequested(
                run.taskId(),
                run.kind(),
                params(run.params()),
                run.createdBy() == null ? "" : run.createdBy(),
                run.attempt()),
            "",
            clock.instant(),
            run.checkpoint());
    if (runner != null && run.checkpoint() != null) {
      discard(runner, task);
    }
    transactions.executeWrite(
        status -> {
          TaskRuns.Run now = runs.lock(run.taskId()).orElseThrow();
          if (now.finished() || now.leasedAt(clock.instant())) {
            return null;
          }
          finish(
              kind.owner(),
              tenantId,
              run.taskId(),
              run.kind(),
              TaskRuns.CANCELLED,
              TaskReports.Report.of(TaskProgressReported.CANCELLED, run.attempt()));
          return null;
        });
  }

  // ---- poison ----

  /** A run message that can never run: the task it names fails, the message is dead-lettered. */
  private void poison(
      SQSEvent.SQSMessage message, InboundEvent inbound, PoisonRecordException poison) {
    String taskId = text(inbound.data(), "taskId");
    String kindName = text(inbound.data(), "kind");
    if (taskId != null && kindName != null) {
      String owner = kinds.kind(kindName).map(TaskKind::owner).orElse("tasks");
      transactions.executeWrite(
          status -> {
            Optional<TaskRuns.Run> existing = runs.lock(taskId);
            if (existing.isPresent()
                && (existing.get().finished()
                    || !existing.get().tenantId().equals(inbound.tenantId()))) {
              return null;
            }
            if (existing.isEmpty()
                && !runs.insertFinished(taskId, inbound.tenantId(), kindName, TaskRuns.FAILED)) {
              return null;
            }
            finish(
                owner,
                inbound.tenantId(),
                taskId,
                kindName,
                TaskRuns.FAILED,
                new TaskReports.Report(
                    TaskProgressReported.FAILED,
                    existing.map(TaskRuns.Run::attempt).orElse(1),
                    null,
                    null,
                    TaskReports.problem(
                        "Task cannot run", poison.reason().code() + ": " + poison.getMessage())));
            return null;
          });
    }
    deadLetter(message, poison);
  }

  private void deadLetter(SQSEvent.SQSMessage message, PoisonRecordException poison) {
    String queue = queueName(message);
    deadLetters.sendAll(queue + "-dlq", List.of(DeadLetter.of(queue, message, poison)));
  }

  private static String queueName(SQSEvent.SQSMessage message) {
    String arn = message.getEventSourceArn();
    if (arn == null || arn.isBlank()) {
      throw new IllegalStateException(
          "SQS message " + message.getMessageId() + " has no queue ARN");
    }
    return arn.substring(arn.lastIndexOf(':') + 1);
  }

  private void discard(TaskRunner runner, TaskContext task) {
    try {
      runner.discard(task);
    } catch (Exception e) {
      // The run ends anyway; what is left (an unfinished multipart upload) expires with the
      // bucket's lifecycle rule.
      LOG.warn("task {}: discarding partial output failed", task.taskId(), e);
    }
  }

  private String paramsJson(TaskRunRequested request) {
    try {
      return json.writeValueAsString(request.params());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> params(@Nullable String params) {
    if (params == null) {
      return Map.of();
    }
    try {
      return json.readValue(params, Map.class);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String text(JsonNode data, String field) {
    JsonNode node = data.get(field);
    return node != null && node.isString() && !node.getStringValue().isBlank()
        ? node.getStringValue()
        : null;
  }

  // ---- for RunningTask ----

  JsonMapper json() {
    return json;
  }

  TransactionOperations<Connection> transactions() {
    return transactions;
  }

  TaskRuns runs() {
    return runs;
  }

  TaskReports reports() {
    return reports;
  }

  Outbox outbox() {
    return outbox;
  }

  Clock clock() {
    return clock;
  }

  Duration timeBudget() {
    return timeBudget;
  }

  Duration progressInterval() {
    return progressInterval;
  }

  Duration cancelPollInterval() {
    return cancelPollInterval;
  }

  ObjectStorage reportsBucket() {
    return buckets
        .orElseThrow(
            () -> new IllegalStateException("task output needs the S3 client on the class path"))
        .named("reports");
  }
}
