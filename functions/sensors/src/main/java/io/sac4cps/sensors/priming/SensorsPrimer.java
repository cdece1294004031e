package io.sac4cps.sensors.priming;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.json.JsonMapper;
import io.sac4cps.contracts.events.CloudEvent;
import io.sac4cps.contracts.events.RoomChanged;
import io.sac4cps.platform.consumer.SqsEventConsumer;
import io.sac4cps.platform.priming.PrimingRequests;
import io.sac4cps.platform.priming.RolledBackTransaction;
import io.sac4cps.platform.snapshot.Primer;
import io.sac4cps.sensors.events.RoomProjection;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * sensors before the SnapStart snapshot (decision 0023): every route through the handler, the
 * refusals, and a room learnt from room.changed.v1, a sensor registered in it and a reading stored
 * with its event in the outbox, inside a transaction that is rolled back (so no row is ever visible
 * and no event published).
 */
@Singleton
class SensorsPrimer implements Primer {
  private final PrimingRequests requests;
  private final RolledBackTransaction rolledBack;
  private final JsonMapper json;
  private final SqsEventConsumer consumer;
  private final RoomProjection rooms;
  private final Clock clock;

  SensorsPrimer(
      PrimingRequests requests,
      RolledBackTransaction rolledBack,
      JsonMapper json,
      SqsEventConsumer consumer,
      RoomProjection rooms,
      Clock clock) {
    this.requests = requests;
    this.rolledBack = rolledBack;
    this.json = json;
    this.consumer = consumer;
    this.rooms = rooms;
    this.clock = clock;
  }

  @Override
  public void prime() {
    requests.get("/sensors?limit=10").expect(200);
    requests.get("/sensors/priming-sensor").expect(404);
    requests.post("/sensors", "{\"roomId\":\"\",\"type\":\"no-such-type\"}").expect(400);
    requests.post("/sensors/data", reading("priming-unknown")).expect(400);
    requests.get("/sensors/priming-sensor/data?limit=10").expect(404);
    rolledBack.run(
        () -> {
          consumer.consume(roomChanged(requests.tenant(), "priming-room"), rooms);
          requests
              .post(
                  "/sensors",
                  "{\"id\":\"priming-sensor\",\"roomId\":\"priming-room\",\"type\":\"temperature\","
                      + "\"unit\":\"°C\"}")
              .expect(201);
          requests.post("/sensors/data", reading("priming-sensor")).expect(202);
          return requests.get("/sensors/priming-sensor/data?limit=10").expect(200);
        });
  }

  /** The room as rooms announces it on SNS room-events, in a Lambda SQS batch (raw delivery). */
  private SQSEvent roomChanged(String tenant, String room) {
    Instant now = clock.instant();
    SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
    message.setMessageId(UUID.randomUUID().toString());
    try {
      message.setBody(
          json.writeValueAsString(
              CloudEvent.produced(
                  UUID.randomUUID().toString(),
                  CloudEvent.source("rooms"),
                  RoomChanged.TYPE,
                  now,
                  room,
                  tenant,
                  new RoomChanged(room, "Priming", "P", 0, null, null, Map.of(), now))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(List.of(message));
    return event;
  }

  private String reading(String sensorId) {
    return "{\"readings\":[{\"sensorId\":\""
        + sensorId
        + "\",\"timestamp\":\""
        + clock.instant()
        + "\",\"value\":21.5}]}";
  }
}
