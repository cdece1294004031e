package io.sac4cps.rooms;

import static io.sac4cps.testkit.contract.EventContractAssertions.assertMatchesEventContract;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiResponse;
import io.sac4cps.testkit.security.TestTokens;
import io.sac4cps.testkit.telemetry.EmbeddedMetricLines;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * POST /alerts/{alertId}/ack through the rooms handler on real PostgreSQL, with the outbox
 * publishing to the SNS stand-in and a queue subscribed to {@code alerts} (decision 0044): the
 * first acknowledgement is recorded, shown on the alert and published once; later and concurrent
 * ones answer it and publish nothing.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SNS})
class AlertAcknowledgementIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ApiFunction rooms;
  private static RoomCalls api;
  private static SqsClient sqs;
  private static SqsQueue alertsInbox;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    String alertsArn = infrastructure.snsTopic("alerts");
    alertsInbox = infrastructure.queue("ack-alerts-inbox");
    infrastructure.subscribe(alertsArn, alertsInbox, Map.of("RawMessageDelivery", "true"));
    sqs = infrastructure.sqsClient();
    Map<String, Object> properties = new HashMap<>(infrastructure.properties());
    properties.put("sac4cps.sns.topic-arns.alerts", alertsArn);
    properties.put("sac4cps.sns.create-topics", true);
    rooms = ApiFunction.builder("rooms").properties(properties).start();
    api = new RoomCalls(rooms);
  }

  @AfterAll
  static void stop() {
    rooms.close();
  }

  @BeforeEach
  void emptyTheQueue() {
    sqs.purgeQueue(r -> r.queueUrl(alertsInbox.url()));
  }

  private static String tenant() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void theFirstAcknowledgementIsShownOnTheAlertAndPublishedOnceAndARepeatAnswersIt()
      throws Exception {
    String tenant = tenant();
    String room = api.newRoom(tenant, "HQ", 1);
    String alert = api.raiseAlert(tenant, room);
    assertThat(api.metrics(tenant, room).json().at("/activeAlerts/0").has("acknowledgement"))
        .as("not acknowledged yet")
        .isFalse();
    Instant before = Instant.now().minusSeconds(1);

    ApiResponse first = api.acknowledge(TestTokens.token("op-1", tenant, "operator"), alert);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().get("alertId").asText()).isEqualTo(alert);
    assertThat(first.json().get("roomId").asText()).isEqualTo(room);
    assertThat(first.json().get("metric").asText()).isEqualTo("co2");
    assertThat(first.json().at("/acknowledgement/by").asText()).isEqualTo("op-1");
    Instant at = Instant.parse(first.json().at("/acknowledgement/at").asText());
    assertThat(at).isBetween(before, Instant.now().plusSeconds(1));
    JsonNode shown = api.metrics(tenant, room).json().at("/activeAlerts/0");
    assertThat(shown.get("id").asText()).isEqualTo(alert);
    assertThat(shown.at("/acknowledgement/by").asText()).isEqualTo("op-1");
    assertThat(Instant.parse(shown.at("/acknowledgement/at").asText())).isEqualTo(at);

    ApiResponse again = api.acknowledge(TestTokens.token("admin-2", tenant, "admin"), alert);

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("acknowledgement")).isEqualTo(first.json().get("acknowledgement"));
    List<JsonNode> acknowledged = acknowledgedEvents(1);
    assertThat(acknowledged).hasSize(1);
    JsonNode event = acknowledged.get(0);
    assertMatchesEventContract(event);
    assertThat(event.get("tenantid").asText()).isEqualTo(tenant);
    assertThat(event.get("subject").asText()).isEqualTo(alert);
    assertThat(event.at("/data/alertId").asText()).isEqualTo(alert);
    assertThat(event.at("/data/roomId").asText()).isEqualTo(room);
    assertThat(event.at("/data/acknowledgedBy").asText()).isEqualTo("op-1");
    assertThat(Instant.parse(event.at("/data/acknowledgedAt").asText())).isEqualTo(at);
  }

  @Test
  void raisingAndAcknowledgingAnAlertAreCountedAsEmbeddedMetricsOnceEach() {
    String tenant = tenant();
    String room = api.newRoom(tenant, "HQ", 3);
    String[] alert = new String[1];

    EmbeddedMetricLines lines =
        EmbeddedMetricLines.capture(
            () -> {
              alert[0] = api.raiseAlert(tenant, room);
              api.acknowledge(TestTokens.token("op-1", tenant, "operator"), alert[0]);
              // A repeat answers the first acknowledgement: nothing new happened, nothing counted.
              api.acknowledge(TestTokens.token("op-2", tenant, "operator"), alert[0]);
            });

    Map<String, String> co2 = Map.of("Service", "rooms", "Measurement", "co2");
    assertThat(lines.sum("AlertsRaised", co2)).isEqualTo(1);
    assertThat(lines.sum("AlertsAcknowledged", co2)).isEqualTo(1);
    assertThat(lines.sum("AlertsResolved", co2)).isZero();
  }

  @Test
  void concurrentAcknowledgementsAllAnswerTheOneThatWonAndPublishOnce() throws Exception {
    String tenant = tenant();
    String alert = api.raiseAlert(tenant, api.newRoom(tenant, "HQ", 2));
    int callers = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<ApiResponse>> answers = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        String token = TestTokens.token("op-" + i, tenant, "operator");
        Callable<ApiResponse> ack =
            () -> {
              go.await();
              return api.acknowledge(token, alert);
            };
        answers.add(pool.submit(ack));
      }
      go.countDown();
      List<JsonNode> acknowledgements = new ArrayList<>();
      for (Future<ApiResponse> answer : answers) {
        ApiResponse response = answer.get();
        assertThat(response.status()).isEqualTo(200);
        acknowledgements.add(response.json().get("acknowledgement"));
      }
      assertThat(acknowledgements)
          .allSatisfy(a -> assertThat(a).isEqualTo(acknowledgements.get(0)));
    } finally {
      pool.shutdownNow();
    }
    List<JsonNode> published = acknowledgedEvents(1);
    assertThat(published).hasSize(1);
    assertThat(published.get(0).at("/data/acknowledgedBy").asText())
        .isEqualTo(
            api.metrics(tenant, published.get(0).at("/data/roomId").asText())
                .json()
                .at("/activeAlerts/0/acknowledgement/by")
                .asText());
  }

  @Test
  void anotherTenantsAlertAndAnUnknownOneAreNotFoundAndStayUnacknowledged() throws Exception {
    String tenant = tenant();
    String room = api.newRoom(tenant, "HQ", 3);
    String alert = api.raiseAlert(tenant, room);

    ApiResponse foreign = api.acknowledge(TestTokens.token("admin-x", tenant(), "admin"), alert);
    ApiResponse unknown =
        api.acknowledge(TestTokens.token("admin-1", tenant, "admin"), "alert-" + UUID.randomUUID());

    assertThat(foreign.status()).isEqualTo(404);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(api.metrics(tenant, room).json().at("/activeAlerts/0").has("acknowledgement"))
        .isFalse();
    assertThat(acknowledgedEvents(0)).isEmpty();
  }

  /** alert.acknowledged.v1 events on the subscribed queue; waits a little for stragglers. */
  private static List<JsonNode> acknowledgedEvents(int expected) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    int quietPolls = 0;
    while (System.nanoTime() < deadline && (events.size() < expected || quietPolls < 2)) {
      List<Message> batch =
          sqs.receiveMessage(
                  r -> r.queueUrl(alertsInbox.url()).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages();
      if (batch.isEmpty() && events.size() >= expected) {
        quietPolls++;
      }
      for (Message message : batch) {
        JsonNode event = JSON.readTree(message.body());
        if (event.get("type").asText().equals("alert.acknowledged.v1")) {
          events.add(event);
        }
        sqs.deleteMessage(
            r -> r.queueUrl(alertsInbox.url()).receiptHandle(message.receiptHandle()));
      }
    }
    return events;
  }
}
