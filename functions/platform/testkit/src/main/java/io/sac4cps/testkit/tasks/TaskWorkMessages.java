package io.sac4cps.testkit.tasks;

import io.sac4cps.contracts.events.TaskCancelRequested;
import io.sac4cps.contracts.events.TaskRunRequested;
import java.time.Instant;
import java.util.UUID;

/**
 * The messages tasks sends to an owner's work queue ({@code task.run-requested.v1}, {@code
 * task.cancel-requested.v1}), as CloudEvent JSON, for tests playing the tasks side.
 */
public final class TaskWorkMessages {
  private TaskWorkMessages() {}

  /**
   * @param paramsJson the params object as JSON, e.g. {@code {"sensorId":"s-1"}}
   */
  public static String run(String tenant, String taskId, String kind, String paramsJson) {
    return envelope(
        TaskRunRequested.TYPE,
        tenant,
        taskId,
        "{\"taskId\":\""
            + taskId
            + "\",\"kind\":\""
            + kind
            + "\",\"params\":"
            + paramsJson
            + ",\"createdBy\":\"u-test\",\"attempt\":1}");
  }

  public static String cancel(String tenant, String taskId, String kind) {
    return envelope(
        TaskCancelRequested.TYPE,
        tenant,
        taskId,
        "{\"taskId\":\""
            + taskId
            + "\",\"kind\":\""
            + kind
            + "\",\"requestedBy\":\"u-test\",\"at\":\""
            + Instant.now()
            + "\"}");
  }

  public static String envelope(String type, String tenant, String taskId, String data) {
    return "{\"specversion\":\"1.0\",\"id\":\""
        + UUID.randomUUID()
        + "\",\"source\":\"/sac4cps/tasks\",\"type\":\""
        + type
        + "\",\"time\":\""
        + Instant.now()
        + "\",\"subject\":\""
        + taskId
        + "\",\"datacontenttype\":\"application/json\",\"tenantid\":\""
        + tenant
        + "\",\"data\":"
        + data
        + "}";
  }
}
