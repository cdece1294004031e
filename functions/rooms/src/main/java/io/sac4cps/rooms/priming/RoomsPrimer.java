package io.sac4cps.rooms.priming;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import io.micronaut.json.JsonMapper;
import io.sac4cps.contracts.events.CloudEvent;
import io.sac4cps.contracts.events.SensorReadingRecorded;
import io.sac4cps.contracts.events.Topics;
import io.sac4cps.platform.consumer.CloudEventReader;
import io.sac4cps.platform.consumer.KafkaRecord;
import io.sac4cps.platform.priming.PrimingRequests;
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
 * rooms before the SnapStart snapshot (decision 0022): every route once through the handler, as
 * reads of a tenant that has no rooms or as requests the function refuses, and a {@code
 * sensor.readings} batch taken apart as the consumer does (Kafka record, CloudEvent, reading),
 * stopping before the transaction that would apply it.
 */
@Singleton
class RoomsPrimer implements Primer {
  private final PrimingRequests requests;
  private final JsonMapper json;
  private final CloudEventReader reader;
  private final RoomMetricsProjection projection;
  private final Clock clock;

  RoomsPrimer(
      PrimingRequests requests,
      JsonMapper json,
      CloudEventReader reader,
      RoomMetricsProjection projection,
      Clock clock) {
    this.requests = requests;
    this.json = json;
    this.reader = reader;
    this.projection = projection;
    this.clock = clock;
  }

  @Override
  public void prime() throws Exception {
    requests.get("/rooms?limit=10").expect(200);
    requests.get("/rooms/priming-room").expect(404);
    requests.post("/rooms", "{\"name\":\"\",\"capacity\":-1}").expect(400);
    requests.get("/rooms/priming-room/metrics").expect(404);
    requests.get("/rooms/priming-room/history?metric=temperature&interval=1h").expect(404);
    requests
        .put("/rooms/priming-room/thresholds", "{\"temperature\":{\"min\":18,\"max\":26}}")
        .expect(404);

    Instant now = clock.instant();
    byte[] value =
        json.writeValueAsBytes(
            new CloudEvent<>(
                CloudEvent.SPEC_VERSION,
                UUID.randomUUID().toString(),
                CloudEvent.source("sensors"),
                SensorReadingRecorded.TYPE,
                now,
                "priming-sensor",
                CloudEvent.CONTENT_TYPE,
                null,
                "priming",
                null,
                new SensorReadingRecorded(
                    "priming-sensor", "priming-room", "priming", "temperature", "°C", 21.5, now)));
    KafkaEvent.KafkaEventRecord record = new KafkaEvent.KafkaEventRecord();
    record.setTopic(Topics.SENSOR_READINGS);
    record.setValue(Base64.getEncoder().encodeToString(value));
    KafkaEvent batch = new KafkaEvent();
    batch.setRecords(Map.of(Topics.SENSOR_READINGS + "-0", List.of(record)));
    for (KafkaRecord each : KafkaRecord.listOf(batch)) {
      projection.decode(reader.read(each.value()));
    }
  }
}
