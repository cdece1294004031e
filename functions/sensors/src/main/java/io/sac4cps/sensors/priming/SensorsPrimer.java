package io.sac4cps.sensors.priming;

import io.sac4cps.platform.priming.PrimingRequests;
import io.sac4cps.platform.priming.RolledBackTransaction;
import io.sac4cps.platform.snapshot.Primer;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * sensors before the SnapStart snapshot (decision 0023): every route through the handler, the
 * refusals, and a sensor registered and a reading stored with its event in the outbox, inside a
 * transaction that is rolled back (so no row is ever visible and no event published).
 */
@Singleton
class SensorsPrimer implements Primer {
  private final PrimingRequests requests;
  private final RolledBackTransaction rolledBack;
  private final Clock clock;

  SensorsPrimer(PrimingRequests requests, RolledBackTransaction rolledBack, Clock clock) {
    this.requests = requests;
    this.rolledBack = rolledBack;
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

  private String reading(String sensorId) {
    return "{\"readings\":[{\"sensorId\":\""
        + sensorId
        + "\",\"timestamp\":\""
        + clock.instant()
        + "\",\"value\":21.5}]}";
  }
}
