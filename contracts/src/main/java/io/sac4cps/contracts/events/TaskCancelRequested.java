package io.sac4cps.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * Data of {@value #TYPE}: a pending or running task was cancelled, on the owner's SQS work queue.
 * The owner records it whatever the order of arrival, so a task not yet started never starts and a
 * running one stops at its next checkpoint; the event's subject is the task id.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskCancelRequested(String taskId, String kind, String requestedBy, Instant at) {

  public static final String TYPE = "task.cancel-requested.v1";
}
