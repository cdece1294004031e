package io.sac4cps.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * Data of {@value #TYPE}: a task changed status or reported progress, on Kafka {@link
 * Topics#TASK_EVENTS} keyed by task id; the event's subject is the task id. Statuses: queued,
 * running, succeeded, failed, cancelled.
 *
 * @param previousStatus null when the task was just created (always written, as null)
 * @param progress percent done, when known
 * @param error why a failed task failed
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskStatusChanged(
    String taskId,
    String kind,
    String status,
    @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String previousStatus,
    Instant at,
    @Nullable Integer progress,
    @Nullable String error) {

  public static final String TYPE = "task.status-changed.v1";
}
