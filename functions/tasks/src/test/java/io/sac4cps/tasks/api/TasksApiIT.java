package io.sac4cps.tasks.api;

import static io.sac4cps.tasks.TaskHarness.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4cps.tasks.TaskCalls;
import io.sac4cps.tasks.TaskHarness;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.lambda.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tasks HTTP API through its Lambda handler on real PostgreSQL, with work dispatched to a real
 * SQS queue and status changes on a real Kafka broker; every request, response and event is checked
 * against the contract.
 */
@EmbeddedInfrastructure
class TasksApiIT {
  private static TaskHarness harness;
  private static TaskCalls api;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    harness = new TaskHarness(infrastructure);
    api = harness.api;
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void aCreatedTaskIsPendingQueuedForItsOwnerAndAnnounced() {
    String tenant = tenant();

    ApiResponse created = api.create(tenant, TaskCalls.EXPORT);

    assertThat(created.status()).isEqualTo(202);
    String id = created.json().get("id").asText();
    assertThat(created.header("Location")).isEqualTo("/tasks/" + id);
    JsonNode task = created.json();
    assertThat(task.get("status").asText()).isEqualTo("pending");
    assertThat(task.get("kind").asText()).isEqualTo("sensor-data-export");
    assertThat(task.at("/params/sensorId").asText()).isEqualTo("s-1");
    assertThat(task.get("attempts").asInt()).isZero();
    assertThat(task.get("createdBy").asText()).isEqualTo("user-" + tenant);
    assertThat(task.get("startedAt").isNull()).isTrue();
    assertThat(task.get("result").isNull()).isTrue();
    assertThat(api.get(tenant, id).json()).isEqualTo(task);

    JsonNode run = harness.work(harness.sensorsWork, id, 1).get(0);
    assertThat(run.get("type").asText()).isEqualTo("task.run-requested.v1");
    assertThat(run.get("tenantid").asText()).isEqualTo(tenant);
    assertThat(run.at("/data/attempt").asInt()).isEqualTo(1);
    assertThat(run.at("/data/params/from").asText()).isEqualTo("2026-01-01T00:00:00Z");

    JsonNode pending = harness.statusEvents(id, 1).get(0);
    assertThat(pending.get("type").asText()).isEqualTo("task.status-changed.v1");
    assertThat(pending.at("/data/status").asText()).isEqualTo("pending");
    assertThat(pending.at("/data/previousStatus").isNull()).isTrue();
    assertThat(pending.at("/data/sequence").asLong()).isEqualTo(1);
  }

  @Test
  void listsTheTenantsTasksNewestFirstPageByPageFilteredByStatusAndKind() {
    String tenant = tenant();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(api.newExport(tenant));
    }
    api.cancel(tenant, ids.get(1));

    ApiResponse first = api.list(tenant, "limit=2");
    ApiResponse second =
        api.list(tenant, "limit=2&cursor=" + first.json().get("nextCursor").asText());

    assertThat(first.json().get("items"))
        .extracting(t -> t.get("id").asText())
        .containsExactly(ids.get(2), ids.get(1));
    assertThat(second.json().get("items"))
        .extracting(t -> t.get("id").asText())
        .containsExactly(ids.get(0));
    assertThat(second.json().get("nextCursor").isNull()).isTrue();
    assertThat(api.list(tenant, "status=cancelled").json().get("items"))
        .extracting(t -> t.get("id").asText())
        .containsExactly(ids.get(1));
    assertThat(api.list(tenant, "kind=room-rollup-rebuild").json().get("items")).isEmpty();
    assertThat(api.list(tenant(), "").json().get("items")).isEmpty();
  }

  @Test
  void anotherTenantsTaskDoesNotExistForTheCaller() {
    String owner = tenant();
    String stranger = tenant();
    String id = api.newExport(owner);

    assertThat(api.get(stranger, id).status()).isEqualTo(404);
    assertThat(api.cancel(stranger, id).status()).isEqualTo(404);
    assertThat(api.download(stranger, id).status()).isEqualTo(404);
    assertThat(api.get(owner, id).json().get("status").asText()).isEqualTo("pending");
  }

  @Test
  void aPlannedKindIsRefusedNamingKind() {
    // No kind of the wiring is planned any more (analytics-report runs, decision 0042): a kind the
    // wiring does not run takes the same refusal, past the contract's enum.
    ApiResponse refused =
        api.violatingContract()
            .create(
                tenant(),
                "{\"kind\":\"building-energy-forecast\",\"params\":{\"roomId\":\"r-1\","
                    + "\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\"}}");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("kind");
  }

  @Test
  void paramsAreCheckedAgainstTheKindsSchema() {
    String tenant = tenant();

    ApiResponse tooLong =
        api.create(
            tenant,
            "{\"kind\":\"room-rollup-rebuild\",\"params\":{\"roomId\":\"r-1\","
                + "\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-06-01T00:00:00Z\"}}");
    ApiResponse backwards =
        api.create(
            tenant,
            "{\"kind\":\"sensor-data-export\",\"params\":{"
                + "\"from\":\"2026-02-01T00:00:00Z\",\"to\":\"2026-01-01T00:00:00Z\"}}");
    ApiResponse missingRoom =
        api.create(
            tenant,
            "{\"kind\":\"room-rollup-rebuild\",\"params\":{"
                + "\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\","
                + "\"format\":\"csv\"}}");
    ApiResponse both =
        api.violatingContract()
            .create(
                tenant,
                "{\"kind\":\"sensor-data-export\",\"params\":{\"sensorId\":\"s\",\"roomId\":\"r\","
                    + "\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\"}}");

    ApiResponse nullFormat =
        api.violatingContract()
            .create(
                tenant,
                "{\"kind\":\"sensor-data-export\",\"params\":{\"format\":null,"
                    + "\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\"}}");

    assertThat(nullFormat.json().at("/errors/0/field").asText()).isEqualTo("params.format");
    assertThat(nullFormat.json().at("/errors/0/message").asText()).isEqualTo("must not be null");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().at("/errors/0/field").asText()).isEqualTo("params.to");
    assertThat(tooLong.json().at("/errors/0/message").asText()).contains("92 days");
    assertThat(backwards.json().at("/errors/0/message").asText()).isEqualTo("must be after from");
    assertThat(missingRoom.json().get("errors"))
        .extracting(e -> e.get("field").asText())
        .containsExactlyInAnyOrder("params.roomId", "params.format");
    assertThat(both.json().at("/errors/0/field").asText()).isEqualTo("params.roomId");
    assertThat(api.list(tenant, "").json().get("items")).isEmpty();
  }

  @Test
  void cancellingAPendingTaskEndsItAndTellsItsOwnerSoItNeverStarts() {
    String tenant = tenant();
    String id = api.newExport(tenant);

    ApiResponse cancelled = api.cancel(tenant, id);
    ApiResponse again = api.cancel(tenant, id);

    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
    assertThat(cancelled.json().get("finishedAt").isNull()).isFalse();
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(cancelled.json());
    assertThat(harness.work(harness.sensorsWork, id, 2))
        .extracting(w -> w.get("type").asText())
        .containsExactlyInAnyOrder("task.run-requested.v1", "task.cancel-requested.v1");
    List<JsonNode> events = harness.statusEvents(id, 2);
    assertThat(events)
        .extracting(e -> e.at("/data/status").asText())
        .containsExactly("pending", "cancelled");
    assertThat(events.get(1).at("/data/previousStatus").asText()).isEqualTo("pending");
    assertThat(events.get(1).at("/data/sequence").asLong()).isEqualTo(2);
  }

  @Test
  void aFinishedTaskCannotBeCancelled() {
    String tenant = tenant();
    String id = api.newExport(tenant);
    harness.reportAndDeliver(
        TaskHarness.report(tenant, id, "succeeded", 1, 1, "\"result\":{\"summary\":\"nothing\"}"));

    ApiResponse refused = api.cancel(tenant, id);

    assertThat(refused.status()).isEqualTo(409);
    assertThat(api.get(tenant, id).json().get("status").asText()).isEqualTo("succeeded");
  }

  @Test
  void rolesAreThoseOfTheContract() {
    String tenant = tenant();
    String id = api.newExport(tenant);

    assertThat(
            harness
                .tasks
                .post("/tasks", TaskCalls.token(tenant, "viewer"), TaskCalls.EXPORT)
                .status())
        .isEqualTo(403);
    assertThat(harness.tasks.get("/tasks/" + id, TaskCalls.token(tenant, "device")).status())
        .isEqualTo(403);
  }
}
