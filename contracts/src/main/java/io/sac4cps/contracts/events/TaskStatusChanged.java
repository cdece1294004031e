package io.sac4cps.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Set;

/**
 * Data of {@value #TYPE}: a task changed status or progressed, on Kafka {@link Topics#TASK_EVENTS}
 * keyed by task id; the event's subject is the task id. A consumer drops an event whose {@code
 * sequence} is not above the last one it applied for the task.
 *
 * @param status one of {@link #STATUSES}
 * @param previousStatus null when the task was just created (always written, as null)
 * @param sequence per task, grows by one with every event
 * @param createdBy subject (user or client id) that created the task
 * @param error why a failed or timed-out task ended so
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskStatusChanged(
    String taskId,
    String kind,
    String status,
    @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String previousStatus,
    long sequence,
    String createdBy,
    Instant at,
    @Nullable Integer attempts,
    TaskProgressReported.@Nullable Progress progress,
    TaskProgressReported.@Nullable Problem error) {

  public static final String TYPE = "task.status-changed.v1";

  public static final String PENDING = "pending";
  public static final String RUNNING = "running";
  public static final String CANCELLING = "cancelling";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String CANCELLED = "cancelled";
  public static final String TIMED_OUT = "timed-out";

  public static final Set<String> STATUSES =
      Set.of(PENDING, RUNNING, CANCELLING, SUCCEEDED, FAILED, CANCELLED, TIMED_OUT);

  /** Statuses a task never leaves. */
  public static final Set<String> FINAL_STATUSES = Set.of(SUCCEEDED, FAILED, CANCELLED, TIMED_OUT);
}
