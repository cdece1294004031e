package io.sac4cps.tasks.domain;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Where a task is in its life (task.status-changed.v1 {@code status}). {@link #PENDING}, {@link
 * #RUNNING} and {@link #CANCELLING} change; the other four are final, and a final task never
 * changes again.
 */
public enum TaskStatus {
  PENDING("pending"),
  RUNNING("running"),
  CANCELLING("cancelling"),
  SUCCEEDED("succeeded"),
  FAILED("failed"),
  CANCELLED("cancelled"),
  TIMED_OUT("timed-out");

  private final String wireName;

  TaskStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<TaskStatus> fromWire(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == TIMED_OUT;
  }

  /**
   * The statuses this one may move to. A pending task may finish without a running report in
   * between (a fast owner's reports may be its first and last); a pending task is cancelled at
   * once, so only a running one is ever cancelling; a cancelling task may still succeed or fail
   * when it finished before it saw the cancel.
   */
  public Set<TaskStatus> next() {
    return switch (this) {
      case PENDING -> EnumSet.of(RUNNING, SUCCEEDED, FAILED, CANCELLED, TIMED_OUT);
      case RUNNING -> EnumSet.of(CANCELLING, SUCCEEDED, FAILED, CANCELLED, TIMED_OUT);
      case CANCELLING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLED, TIMED_OUT);
      case SUCCEEDED, FAILED, CANCELLED, TIMED_OUT -> EnumSet.noneOf(TaskStatus.class);
    };
  }

  public boolean mayBecome(TaskStatus status) {
    return next().contains(status);
  }
}
