package io.sac4cps.tasks.service;

import static io.sac4cps.tasks.TaskHarness.report;
import static io.sac4cps.tasks.TaskHarness.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.platform.jdbc.JdbcStatements;
import io.sac4cps.platform.outbox.OutboxRelayHandler;
import io.sac4cps.tasks.TaskCalls;
import io.sac4cps.tasks.TaskHarness;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Silent tasks ended by the scheduled relay's tick ({@link OutboxRelayHandler} runs {@link
 * TaskSweep}): timed-out after the kind's progress timeout, failed when never started within the
 * work queue's delivery window; the owner is told to stop either way.
 */
@EmbeddedInfrastructure
class TaskSweepIT {
  private static TaskHarness harness;
  private static TaskCalls api;
  private static OutboxRelayHandler relay;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    harness = new TaskHarness(infrastructure);
    api = harness.api;
    relay = new OutboxRelayHandler(harness.tasks.context());
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void aRunningTaskSilentForLongerThanItsKindsLimitTimesOutAndItsOwnerIsToldToStop() {
    String tenant = tenant();
    String silent = api.newExport(tenant);
    String busy = api.newExport(tenant);
    harness.reportAndDeliver(
        report(tenant, silent, "running", 1, 1, ""), report(tenant, busy, "running", 1, 1, ""));
    // sensor-data-export's progressTimeoutSeconds is 300.
    silentFor(silent, Duration.ofSeconds(301));
    silentFor(busy, Duration.ofSeconds(200));

    String tick = tick();

    assertThat(tick).contains("task-sweep timed-out=1");
    JsonNode task = api.get(tenant, silent).json();
    assertThat(task.get("status").asText()).isEqualTo("timed-out");
    assertThat(task.at("/error/title").asText()).isEqualTo("The task timed out.");
    assertThat(task.get("finishedAt").isNull()).isFalse();
    assertThat(api.get(tenant, busy).json().get("status").asText()).isEqualTo("running");
    assertThat(harness.work(harness.sensorsWork, silent, 2))
        .extracting(w -> w.get("type").asText())
        .containsExactlyInAnyOrder("task.run-requested.v1", "task.cancel-requested.v1");
    JsonNode event = harness.statusEvents(silent, 3).get(2);
    assertThat(event.at("/data/status").asText()).isEqualTo("timed-out");
    assertThat(event.at("/data/previousStatus").asText()).isEqualTo("running");
    assertThat(event.at("/data/error/status").asInt()).isEqualTo(504);

    harness.reportAndDeliver(
        report(tenant, silent, "succeeded", 1, 2, "\"result\":{\"summary\":\"late\"}"));
    assertThat(api.get(tenant, silent).json().get("status").asText())
        .as("a report after the timeout is refused")
        .isEqualTo("timed-out");
    assertThat(tick()).contains("task-sweep timed-out=0");
  }

  @Test
  void aPendingTaskNeverStartedWithinTheWorkQueuesDeliveryWindowFails() {
    String tenant = tenant();
    String lost = api.newExport(tenant);
    String queued = api.newExport(tenant);
    // sensors-task-work: visibility 960 s × 5 receives = 80 minutes until the DLQ.
    silentFor(lost, Duration.ofMinutes(81));
    silentFor(queued, Duration.ofMinutes(79));

    String tick = tick();

    assertThat(tick).contains("never-started=1");
    JsonNode task = api.get(tenant, lost).json();
    assertThat(task.get("status").asText()).isEqualTo("failed");
    assertThat(task.at("/error/detail").asText()).contains("dead-lettered");
    assertThat(api.get(tenant, queued).json().get("status").asText()).isEqualTo("pending");
    assertThat(harness.work(harness.sensorsWork, lost, 2))
        .extracting(w -> w.get("type").asText())
        .contains("task.cancel-requested.v1");
  }

  private static String tick() {
    return relay.handleRequest(Map.of(), LocalLambdaContext.of("tasks-outbox-relay"));
  }

  /** As if the task's last activity was {@code silence} ago. */
  private static void silentFor(String taskId, Duration silence) {
    TransactionOperations<Connection> transactions =
        harness.tasks.context().getBean(TransactionOperations.class);
    JdbcStatements sql = harness.tasks.bean(JdbcStatements.class);
    transactions.executeWrite(
        status ->
            sql.update(
                "UPDATE task SET last_activity_at = now() - make_interval(secs => ?) WHERE id = ?",
                s -> {
                  s.setLong(1, silence.toSeconds());
                  s.setString(2, taskId);
                }));
  }
}
