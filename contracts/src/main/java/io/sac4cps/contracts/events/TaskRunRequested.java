package io.sac4cps.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/**
 * Data of {@value #TYPE}: run or continue a task, on the SQS work queue of the function that owns
 * the task's kind (wiring.yaml {@code taskKinds}). Sent by tasks when the task is created and by
 * the owner itself to continue from a checkpoint or to retry after a backoff; the event's subject
 * is the task id.
 *
 * @param params the kind's parameters as the client gave them
 * @param attempt 1 for the first run; a retry increments it, a continuation keeps it
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskRunRequested(
    String taskId, String kind, Map<String, Object> params, String createdBy, int attempt) {

  public static final String TYPE = "task.run-requested.v1";

  public TaskRunRequested {
    params = Map.copyOf(params);
  }
}
