package io.sac4cps.notifications.events;

import static io.sac4cps.notifications.NotificationsStack.token;
import static io.sac4cps.testkit.contract.EventContractAssertions.assertMatchesEventContract;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sac4cps.embedded.EmbeddedMailServer;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.notifications.NotificationEvents;
import io.sac4cps.notifications.NotificationsStack;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.KafkaEvents;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code task.events} consumer: task.status-changed.v1 (as the tasks function publishes it)
 * into a final status reaches the task's creator once, whatever Kafka redelivers; an event older
 * than one applied for its task is dropped.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS})
class TaskEventsIT {
  private static EmbeddedMailServer mail;
  private static NotificationsStack stack;
  private static TaskEventsHandler handler;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    mail = EmbeddedMailServer.start();
    stack = NotificationsStack.start(infrastructure, mail, Map.of());
    handler = new TaskEventsHandler(stack.api().context());
  }

  @AfterAll
  static void stop() {
    stack.close();
    mail.close();
  }

  private static void consume(ObjectNode... events) {
    KafkaEvents.Event batch = KafkaEvents.selfManaged("127.0.0.1:9092");
    for (ObjectNode event : events) {
      assertMatchesEventContract(event);
      batch.record("task.events", 0, event.get("subject").asText(), event.toString());
    }
    handler.handleRequest(batch.build(), LocalLambdaContext.of("notifications"));
  }

  private static JsonNode inbox(String tenant, String user) {
    return stack.api().get("/notifications", token(tenant, user, "operator")).json().get("items");
  }

  @Test
  void aFinishedTaskReachesItsCreatorOnceUnderRedelivery() {
    String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
    String creator = "u-" + UUID.randomUUID();
    String task = "task-" + UUID.randomUUID();
    ObjectNode running =
        NotificationEvents.taskStatusChanged(tenant, task, creator, "running", "pending", 2);
    ObjectNode failed =
        NotificationEvents.taskStatusChanged(tenant, task, creator, "failed", "running", 3);

    consume(running, failed);
    consume(running, failed);

    JsonNode items = inbox(tenant, creator);
    assertThat(items).hasSize(1);
    assertThat(items.get(0).get("title").asText()).isEqualTo("Task sensor-data-export failed");
    assertThat(items.get(0).get("body").asText()).contains("The export failed.");
    assertThat(items.get(0).get("subject").asText()).isEqualTo(task);
    assertThat(items.get(0).get("severity").asText()).isEqualTo("warning");
    assertThat(inbox(tenant, "u-someone-else")).isEmpty();
    assertThat(
            stack
                .api()
                .get("/events?type=task.status-changed.v1", token(tenant, creator, "viewer"))
                .json()
                .get("items"))
        .hasSize(2);
  }

  @Test
  void anEventWithAnOlderSequenceThanOneAppliedIsDropped() {
    String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
    String creator = "u-" + UUID.randomUUID();
    String task = "task-" + UUID.randomUUID();

    consume(
        NotificationEvents.taskStatusChanged(tenant, task, creator, "cancelled", "cancelling", 5));
    // A replay from before the cancel: a new event id, an older sequence.
    consume(NotificationEvents.taskStatusChanged(tenant, task, creator, "succeeded", "running", 4));

    JsonNode items = inbox(tenant, creator);
    assertThat(items).hasSize(1);
    assertThat(items.get(0).get("title").asText()).isEqualTo("Task sensor-data-export cancelled");
    assertThat(stack.api().get("/events", token(tenant, creator, "viewer")).json().get("items"))
        .hasSize(1);
  }
}
