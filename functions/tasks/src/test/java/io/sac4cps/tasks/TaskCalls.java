package io.sac4cps.tasks;

import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.lambda.ApiResponse;
import io.sac4cps.testkit.security.TestTokens;

/**
 * The tasks requests the ITs make again and again, each by a caller with a role that may make it,
 * through the test kit's {@link ApiFunction} (which checks them against the contract).
 */
public final class TaskCalls {
  public static final String EXPORT =
      "{\"kind\":\"sensor-data-export\",\"params\":{\"sensorId\":\"s-1\","
          + "\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-02-01T00:00:00Z\",\"format\":\"csv\"}}";

  private final ApiFunction tasks;

  public TaskCalls(ApiFunction tasks) {
    this.tasks = tasks;
  }

  /** The same calls with requests the contract forbids on purpose. */
  public TaskCalls violatingContract() {
    return new TaskCalls(tasks.violatingContract());
  }

  public static String token(String tenant, String... roles) {
    return TestTokens.token("user-" + tenant, tenant, roles);
  }

  public ApiResponse create(String tenant, String json) {
    return tasks.send(
        ApiGatewayEvents.request("POST", "/tasks").json(json).bearer(token(tenant, "operator")));
  }

  public ApiResponse create(String tenant, String json, String idempotencyKey) {
    return tasks.send(
        ApiGatewayEvents.request("POST", "/tasks")
            .json(json)
            .header("Idempotency-Key", idempotencyKey)
            .bearer(token(tenant, "operator")));
  }

  /** Creates an export task and returns its id. */
  public String newExport(String tenant) {
    ApiResponse created = create(tenant, EXPORT);
    if (created.status() != 202) {
      throw new AssertionError("task not created: " + created);
    }
    return created.json().get("id").asText();
  }

  public ApiResponse get(String tenant, String id) {
    return tasks.get("/tasks/" + id, token(tenant, "viewer"));
  }

  public ApiResponse list(String tenant, String query) {
    return tasks.get("/tasks" + (query.isEmpty() ? "" : "?" + query), token(tenant, "viewer"));
  }

  public ApiResponse cancel(String tenant, String id) {
    return tasks.send(
        ApiGatewayEvents.request("PUT", "/tasks/{id}/cancel")
            .pathParameter("id", id)
            .bearer(token(tenant, "admin")));
  }

  public ApiResponse download(String tenant, String id) {
    return tasks.get("/tasks/" + id + "/download", token(tenant, "viewer"));
  }
}
