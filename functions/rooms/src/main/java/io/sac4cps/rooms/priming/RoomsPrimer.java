package io.sac4cps.rooms.priming;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import io.micronaut.json.JsonMapper;
import io.sac4cps.contracts.events.CloudEvent;
import io.sac4cps.contracts.events.SensorReadingRecorded;
import io.sac4cps.contracts.events.Topics;
import io.sac4cps.platform.consumer.KafkaEventConsumer;
import io.sac4cps.platform.priming.PrimingRequests;
import io.sac4cps.platform.priming.RolledBackTransaction;
import io.sac4cps.platform.snapshot.Primer;
import io.sac4cps.rooms.events.RoomMetricsProjection;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * rooms before the SnapStart snapshot (decision 0023): every route through the handler, the
 * refusals, and inside a transaction that is rolled back a room created, its thresholds set, and a
 * {@code sensor.readings} batch consumed that crosses them (projection, rollups, an alert in the
 * outbox) and the alert acknowledged: no row is ever visible, no alert published.
 */
@Singleton
class RoomsPrimer implements Primer {
  private final PrimingRequests requests;
  private final RolledBackTransaction rolledBack;
  private final JsonMapper json;
  private final KafkaEventConsumer consumer;
  private final RoomMetricsProjection projection;
  private final Clock clock;

  RoomsPrimer(
      PrimingRequests requests,
      RolledBackTransaction rolledBack,
      JsonMapper json,
      KafkaEventConsumer consumer,
      RoomMetricsProjection projection,
      Clock clock) {
    this.requests = requests;
    this.rolledBack = rolledBack;
    this.json = json;
    this.consumer = consumer;
    this.projection = projection;
    this.clock = clock;
  }

  @Override
  public void prime() {
    requests.get("/rooms?limit=10").expect(200);
    requests.get("/rooms/priming-room").expect(404);
    requests.post("/rooms", "{\"name\":\"\",\"capacity\":-1}").expect(400);
    requests.get("/rooms/priming-room/metrics").expect(404);
    requests.get("/rooms/priming-room/history?metric=temperature&interval=1h").expect(404);
    requests.post("/alerts/priming-alert/ack", "").expect(404);
    rolledBack.run(
        () -> {
          String created =
              requests
                  .post(
                      "/rooms",
                      "{\"name\":\"Priming\",\"building\":\"P\",\"floor\":0,\"areaM2\":10,"
                          + "\"capacity\":1}")
                  .expect(201)
                  .body();
          String room = String.valueOf(read(created).get("id"));
          requests
              .put("/rooms/" + room + "/thresholds", "{\"temperature\":{\"min\":18,\"max\":26}}")
              .expect(200);
          consumer.consume(readings(requests.tenant(), room, 30.5), projection);
          String metrics = requests.get("/rooms/" + room + "/metrics").expect(200).body();
          for (Object alert : (List<?>) read(metrics).get("activeAlerts")) {
            requests.post("/alerts/" + ((Map<?, ?>) alert).get("id") + "/ack", "").expect(200);
          }
          return requests
              .get("/rooms/" + room + "/history?metric=temperature&interval=1h")
              .expect(200);
        });
  }

  /** One reading as the sensors function publishes it, in a Lambda Kafka batch. */
  private KafkaEvent readings(String tenant, String room, double value) {
    Instant now = clock.instant();
    byte[] event;
    try {
      event =
          json.writeValueAsBytes(
              CloudEvent.produced(
                  UUID.randomUUID().toString(),
                  CloudEvent.source("sensors"),
                  SensorReadingRecorded.TYPE,
                  now,
                  "priming-sensor",
                  tenant,
                  new SensorReadingRecorded(
                      "priming-sensor", room, tenant, "temperature", "°C", value, now)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    KafkaEvent.KafkaEventRecord record = new KafkaEvent.KafkaEventRecord();
    record.setTopic(Topics.SENSOR_READINGS);
    record.setValue(Base64.getEncoder().encodeToString(event));
    KafkaEvent batch = new KafkaEvent();
    batch.setRecords(Map.of(Topics.SENSOR_READINGS + "-0", List.of(record)));
    return batch;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> read(String body) {
    try {
      return json.readValue(body, Map.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
