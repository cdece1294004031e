package io.sac4cps.tasks.service;

import io.sac4cps.contracts.wiring.SqsQueue;
import io.sac4cps.contracts.wiring.TaskKind;
import io.sac4cps.contracts.wiring.Wiring;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The task kinds of contracts/wiring.yaml {@code taskKinds} and their owners' work queues. */
@Singleton
public class TaskKinds {
  private final Wiring wiring;

  public TaskKinds(Wiring wiring) {
    this.wiring = wiring;
  }

  /** The kind, when the wiring has it and it is not planned. */
  public Optional<TaskKind> runnable(String kind) {
    return wiring.taskKind(kind).filter(k -> !k.planned());
  }

  public TaskKind of(String kind) {
    return wiring
        .taskKind(kind)
        .orElseThrow(() -> new IllegalStateException("no task kind " + kind + " in the wiring"));
  }

  public List<TaskKind> all() {
    return wiring.taskKinds();
  }

  /**
   * How long a work message can stay undelivered before SQS dead-letters it: every receive may hold
   * it for the visibility timeout, and {@code maxReceiveCount} receives move it to the DLQ. A
   * pending task not started within this window never will be (decision 0031).
   */
  public Duration deliveryWindow(TaskKind kind) {
    SqsQueue queue =
        wiring.queues().stream()
            .filter(q -> q.name().equals(kind.queue()))
            .findFirst()
            .orElseThrow();
    return Duration.ofSeconds((long) queue.visibilityTimeoutSeconds() * queue.maxReceiveCount());
  }
}
