package io.sac4cps.notifications;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * CloudEvents as rooms, identity and tasks publish them (each checked against contracts/events by
 * the ITs that use them), and the SQS bodies SNS makes of them for {@code notifications-inbox}.
 */
public final class NotificationEvents {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String ALERTS_ARN = "arn:aws:sns:us-east-1:000000000000:alerts";
  public static final String IDENTITY_ARN = "arn:aws:sns:us-east-1:000000000000:identity-events";

  private NotificationEvents() {}

  public static ObjectNode userRegistered(
      String tenant, String userId, String email, String name, String... roles) {
    ObjectNode data = JSON.createObjectNode();
    data.put("userId", userId);
    data.put("email", email);
    data.put("name", name);
    data.put("tenantId", tenant);
    var array = data.putArray("roles");
    for (String role : roles) {
      array.add(role);
    }
    return envelope("user.registered.v1", "identity", userId, tenant, data);
  }

  public static ObjectNode alertRaised(String tenant, String roomId, double value, double max) {
    ObjectNode data = JSON.createObjectNode();
    String alertId = "alert-" + UUID.randomUUID();
    data.put("alertId", alertId);
    data.put("roomId", roomId);
    data.put("sensorId", "s-co2-1");
    data.put("metric", "co2");
    data.put("value", value);
    data.put("unit", "ppm");
    data.putObject("threshold").put("max", max);
    data.put("crossed", "max");
    data.put("raisedAt", Instant.now().toString());
    return envelope("alert.raised.v1", "rooms", alertId, tenant, data);
  }

  /** What rooms publishes when {@code by} acknowledges the alert that {@code raised} announced. */
  public static ObjectNode alertAcknowledged(ObjectNode raised, String by) {
    ObjectNode data = JSON.createObjectNode();
    String alertId = raised.at("/data/alertId").asText();
    data.put("alertId", alertId);
    data.put("roomId", raised.at("/data/roomId").asText());
    data.put("metric", raised.at("/data/metric").asText());
    data.put("acknowledgedBy", by);
    data.put("acknowledgedAt", Instant.now().toString());
    return envelope(
        "alert.acknowledged.v1", "rooms", alertId, raised.get("tenantid").asText(), data);
  }

  public static ObjectNode taskStatusChanged(
      String tenant,
      String taskId,
      String createdBy,
      String status,
      String previous,
      long sequence) {
    ObjectNode data = JSON.createObjectNode();
    data.put("taskId", taskId);
    data.put("kind", "sensor-data-export");
    data.put("status", status);
    if (previous == null) {
      data.putNull("previousStatus");
    } else {
      data.put("previousStatus", previous);
    }
    data.put("sequence", sequence);
    data.put("createdBy", createdBy);
    data.put("at", Instant.now().toString());
    if ("failed".equals(status)) {
      data.putObject("error").put("title", "The export failed.");
    }
    return envelope("task.status-changed.v1", "tasks", taskId, tenant, data);
  }

  public static ObjectNode envelope(
      String type, String function, String subject, String tenant, ObjectNode data) {
    ObjectNode event = JSON.createObjectNode();
    event.put("specversion", "1.0");
    event.put("id", UUID.randomUUID().toString());
    event.put("source", "/sac4cps/" + function);
    event.put("type", type);
    event.put("time", Instant.now().toString());
    event.put("subject", subject);
    event.put("datacontenttype", "application/json");
    event.put("tenantid", tenant);
    event.set("data", data);
    return event;
  }

  /** The SQS body of an event published to {@code topicArn} (no raw message delivery). */
  public static String snsBody(String topicArn, ObjectNode event) {
    return io.sac4cps.testkit.lambda.SqsEvents.snsEnvelope(
        topicArn, event.toString(), Map.of("type", event.get("type").asText()));
  }

  public static List<String> roles(String... roles) {
    return List.of(roles);
  }
}
