package io.sac4cps.tasks.events;

import static io.sac4cps.tasks.TaskHarness.report;
import static io.sac4cps.tasks.TaskHarness.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.sac4cps.tasks.TaskCalls;
import io.sac4cps.tasks.TaskHarness;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The owners' reports on a real Kafka topic, delivered to {@link TaskReportsHandler} as the event
 * source mapping does: applied in order, stale and illegal ones dropped, redelivery harmless,
 * poison to the DLQ; every change announced on task.events; result files handed out through
 * presigned URLs of the caller's tenant only.
 */
@EmbeddedInfrastructure(
    services = {Service.POSTGRES, Service.KAFKA, Service.SQS, Service.SNS, Service.S3})
class TaskReportsIT {
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
  void reportsAreAppliedInOrderAndAStaleOneIsDropped() {
    String tenant = tenant();
    String id = api.newExport(tenant);

    String result =
        harness.reportAndDeliver(
            report(tenant, id, "running", 1, 1, "\"progress\":{\"done\":0}"),
            report(tenant, id, "running", 1, 2, "\"progress\":{\"done\":40,\"total\":100}"),
            report(tenant, id, "running", 1, 1, "\"progress\":{\"done\":5,\"total\":100}"),
            report(
                tenant,
                id,
                "running",
                1,
                3,
                "\"progress\":{\"done\":60,\"total\":100,\"message\":\"sensor 2 of 3\"}"));

    assertThat(result).contains("applied=4");
    JsonNode task = api.get(tenant, id).json();
    assertThat(task.get("status").asText()).isEqualTo("running");
    assertThat(task.at("/progress/done").asLong()).isEqualTo(60);
    assertThat(task.at("/progress/total").asLong()).isEqualTo(100);
    assertThat(task.at("/progress/message").asText()).isEqualTo("sensor 2 of 3");
    assertThat(task.get("attempts").asInt()).isEqualTo(1);
    assertThat(task.get("startedAt").isNull()).isFalse();
    List<JsonNode> events = harness.statusEvents(id, 4);
    assertThat(events).hasSize(4);
    assertThat(events)
        .extracting(e -> e.at("/data/sequence").asLong())
        .containsExactly(1L, 2L, 3L, 4L);
    assertThat(events)
        .extracting(e -> e.at("/data/progress/done").asLong())
        .containsExactly(0L, 0L, 40L, 60L);
    assertThat(events.get(1).at("/data/previousStatus").asText()).isEqualTo("pending");
    assertThat(events.get(1).at("/data/status").asText()).isEqualTo("running");
  }

  @Test
  void aRedeliveredBatchChangesNothing() {
    String tenant = tenant();
    String id = api.newExport(tenant);
    harness.publish(
        report(tenant, id, "running", 1, 1, "\"progress\":{\"done\":10}"),
        report(tenant, id, "retrying", 2, 2, "\"error\":{\"title\":\"database busy\"}"));
    KafkaEvent batch = harness.pollReports(2);
    harness.deliver(batch);
    JsonNode before = api.get(tenant, id).json();

    String again = harness.deliver(batch);

    assertThat(again).contains("applied=0").contains("duplicates=2");
    assertThat(api.get(tenant, id).json()).isEqualTo(before);
    assertThat(before.get("status").asText()).isEqualTo("running");
    assertThat(before.get("attempts").asInt()).isEqualTo(2);
  }

  @Test
  void aReportAfterTheTaskFinishedIsRefusedAndTheTaskKeepsItsOutcome() {
    String tenant = tenant();
    String id = api.newExport(tenant);

    harness.reportAndDeliver(
        report(
            tenant,
            id,
            "failed",
            3,
            1,
            "\"error\":{\"title\":\"sensor s-1 not found\",\"status\":404}"),
        report(tenant, id, "running", 3, 2, "\"progress\":{\"done\":1}"),
        report(tenant, id, "succeeded", 3, 3, "\"result\":{\"summary\":\"late\"}"));

    JsonNode task = api.get(tenant, id).json();
    assertThat(task.get("status").asText()).isEqualTo("failed");
    assertThat(task.at("/error/title").asText()).isEqualTo("sensor s-1 not found");
    assertThat(task.at("/error/status").asInt()).isEqualTo(404);
    assertThat(task.get("result").isNull()).isTrue();
    assertThat(task.at("/progress/done").asLong()).isZero();
    List<JsonNode> events = harness.statusEvents(id, 2);
    assertThat(events)
        .extracting(e -> e.at("/data/status").asText())
        .containsExactly("pending", "failed");
    assertThat(events.get(1).at("/data/error/title").asText()).isEqualTo("sensor s-1 not found");
  }

  @Test
  void cancellingARunningTaskWaitsForItsOwnerToStop() {
    String tenant = tenant();
    String id = api.newExport(tenant);
    harness.reportAndDeliver(report(tenant, id, "running", 1, 1, "\"progress\":{\"done\":5}"));

    ApiResponse cancelling = api.cancel(tenant, id);
    harness.reportAndDeliver(report(tenant, id, "running", 1, 2, "\"progress\":{\"done\":6}"));
    JsonNode stillCancelling = api.get(tenant, id).json();
    harness.reportAndDeliver(report(tenant, id, "cancelled", 1, 3, ""));

    assertThat(cancelling.json().get("status").asText()).isEqualTo("cancelling");
    assertThat(api.cancel(tenant, id).json().get("status").asText())
        .as("a second cancel is answered, changing nothing")
        .isEqualTo("cancelled");
    assertThat(stillCancelling.get("status").asText()).isEqualTo("cancelling");
    assertThat(stillCancelling.at("/progress/done").asLong()).isEqualTo(6);
    assertThat(harness.work(harness.sensorsWork, id, 2))
        .extracting(w -> w.get("type").asText())
        .containsExactlyInAnyOrder("task.run-requested.v1", "task.cancel-requested.v1");
    assertThat(harness.statusEvents(id, 5))
        .extracting(e -> e.at("/data/status").asText())
        .containsExactly("pending", "running", "cancelling", "cancelling", "cancelled");
  }

  @Test
  void aSucceededTasksFileIsDownloadedThroughAPresignedUrlByItsTenantOnly() throws Exception {
    String tenant = tenant();
    String id = api.newExport(tenant);
    String name = "tasks/" + id + "/readings.csv";
    byte[] csv = "timestamp,value\n2026-01-01T00:00:00Z,21.5\n".getBytes(StandardCharsets.UTF_8);
    harness.storeFile(tenant, name, csv);

    harness.reportAndDeliver(
        report(tenant, id, "running", 1, 1, ""),
        report(
            tenant,
            id,
            "succeeded",
            1,
            2,
            // As the platform's TaskResult.withFile reports it: the bucket's own key.
            TaskHarness.resultWithFile(
                "tenants/" + tenant + "/" + name, "readings.csv", csv.length)));

    JsonNode task = api.get(tenant, id).json();
    assertThat(task.get("status").asText()).isEqualTo("succeeded");
    assertThat(task.at("/result/summary").asText()).isEqualTo(csv.length + " readings");
    assertThat(Instant.parse(task.at("/result/download/expiresAt").asText()))
        .isAfter(Instant.now());
    assertThat(get(task.at("/result/download/url").asText()).body())
        .isEqualTo(new String(csv, StandardCharsets.UTF_8));
    ApiResponse download = api.download(tenant, id);
    assertThat(download.status()).isEqualTo(303);
    assertThat(get(download.header("Location")).body()).startsWith("timestamp,value");
    assertThat(api.download(tenant(), id).status()).isEqualTo(404);
    assertThat(api.get(tenant(), id).status()).isEqualTo(404);
  }

  @Test
  void aTaskItsOwnerQueuedItselfIsCreatedFromTheFirstReportAndCanBeCancelled() {
    String tenant = tenant();
    String id = "task-" + java.util.UUID.randomUUID();
    String submitted =
        "\"submitted\":{\"params\":{\"from\":\"2026-03-01T00:00:00Z\","
            + "\"to\":\"2026-03-02T00:00:00Z\"},\"createdBy\":\"user-7\"}";
    // Without what it was asked as, a report of an unknown task is still dropped.
    String orphan = "task-" + java.util.UUID.randomUUID();
    harness.reportAndDeliver(report(tenant, orphan, "running", 1, 1, ""));
    assertThat(api.get(tenant, orphan).status()).isEqualTo(404);

    harness.reportAndDeliver(
        report(tenant, id, "running", 1, 1, "\"progress\":{\"done\":1}," + submitted));

    JsonNode task = api.get(tenant, id).json();
    assertThat(task.get("status").asText()).isEqualTo("running");
    assertThat(task.get("createdBy").asText()).isEqualTo("user-7");
    assertThat(task.at("/params/from").asText()).isEqualTo("2026-03-01T00:00:00Z");
    assertThat(api.list(tenant, "").json().get("items"))
        .extracting(t -> t.get("id").asText())
        .contains(id);
    assertThat(api.get(tenant(), id).status()).as("another tenant").isEqualTo(404);
    assertThat(api.cancel(tenant, id).json().get("status").asText()).isEqualTo("cancelling");
    assertThat(harness.work(harness.sensorsWork, id, 1))
        .extracting(w -> w.get("type").asText())
        .containsExactly("task.cancel-requested.v1");
    assertThat(harness.statusEvents(id, 3))
        .extracting(e -> e.at("/data/status").asText())
        .containsExactly("pending", "running", "cancelling");
  }

  @Test
  void aTaskWithoutAFileHasNoDownload() {
    String tenant = tenant();
    String id = api.newExport(tenant);

    harness.reportAndDeliver(
        report(tenant, id, "succeeded", 1, 1, "\"result\":{\"summary\":\"0 rows\"}"));

    assertThat(api.get(tenant, id).json().at("/result/download").isNull()).isTrue();
    assertThat(api.download(tenant, id).status()).isEqualTo(404);
  }

  @Test
  void poisonReportsGoToTheDeadLetterQueueAndTheRestIsApplied() throws Exception {
    String tenant = tenant();
    String id = api.newExport(tenant);
    String otherTenantsFile =
        report(
            tenant,
            id,
            "succeeded",
            1,
            2,
            TaskHarness.resultWithFile("someone-else/tasks/" + id + "/x.csv", "x.csv", 1));
    harness.publish(report(tenant, id, "running", 1, 1, ""), otherTenantsFile);

    String result = harness.deliver(harness.pollReports(2));

    assertThat(result).contains("applied=1").contains("deadLettered=1");
    assertThat(api.get(tenant, id).json().get("status").asText()).isEqualTo("running");
    List<Message> dead =
        harnessSqs()
            .receiveMessage(
                r ->
                    r.queueUrl(harness.reportsDeadLetters.url())
                        .waitTimeSeconds(5)
                        .maxNumberOfMessages(10)
                        .messageAttributeNames("All"))
            .messages();
    assertThat(dead)
        .anySatisfy(
            m -> {
              assertThat(m.body()).contains("someone-else/tasks/" + id);
              assertThat(m.messageAttributes().get("detail").stringValue())
                  .contains("is not under");
            });
  }

  private static software.amazon.awssdk.services.sqs.SqsClient harnessSqs() {
    return io.sac4cps.testkit.SharedServers.sqs().client();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("GET " + url).isEqualTo(200);
      return response;
    }
  }
}
