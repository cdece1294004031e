package io.sac4cps.sensors.priming;

import io.sac4cps.platform.priming.PrimingRequests;
import io.sac4cps.platform.snapshot.Primer;
import io.sac4cps.sensors.domain.Reading;
import io.sac4cps.sensors.domain.Sensor;
import io.sac4cps.sensors.domain.SensorType;
import io.sac4cps.sensors.events.ReadingRecordedEvents;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;

/**
 * sensors before the SnapStart snapshot (decision 0022): every route once through the handler, as
 * reads of a tenant that has no sensors or as requests the function refuses, and one reading's
 * event built and serialized without entering the outbox.
 */
@Singleton
class SensorsPrimer implements Primer {
  private final PrimingRequests requests;
  private final ReadingRecordedEvents events;
  private final Clock clock;

  SensorsPrimer(PrimingRequests requests, ReadingRecordedEvents events, Clock clock) {
    this.requests = requests;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public void prime() {
    requests.get("/sensors?limit=10").expect(200);
    requests.get("/sensors/priming-sensor").expect(404);
    requests.post("/sensors", "{\"roomId\":\"\",\"type\":\"no-such-type\"}").expect(400);
    // A sensor the tenant does not have: checked and refused inside the transaction, none stored.
    requests
        .post(
            "/sensors/data",
            "{\"readings\":[{\"sensorId\":\"priming-sensor\",\"timestamp\":\""
                + clock.instant()
                + "\",\"value\":21.5}]}")
        .expect(400);
    requests.get("/sensors/priming-sensor/data?limit=10").expect(404);
    Instant now = clock.instant();
    events.message(
        new Sensor("priming", "priming-sensor", "priming-room", SensorType.TEMPERATURE, "°C", now),
        new Reading("priming-sensor", now, 21.5),
        now);
  }
}
