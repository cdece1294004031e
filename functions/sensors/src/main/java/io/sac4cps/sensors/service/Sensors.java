package io.sac4cps.sensors.service;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.sensors.domain.Sensor;
import io.sac4cps.sensors.domain.SensorType;
import io.sac4cps.sensors.store.SensorStore;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Registering, finding and listing a tenant's sensors. */
@Singleton
public class Sensors {
  private final TransactionOperations<Connection> transactions;
  private final SensorStore sensors;
  private final Clock clock;

  public Sensors(TransactionOperations<Connection> transactions, SensorStore sensors, Clock clock) {
    this.transactions = transactions;
    this.sensors = sensors;
    this.clock = clock;
  }

  /** The new sensor; 409 when the tenant has one with that id. {@code id} null: one is made. */
  public Sensor register(
      String tenantId, String id, String roomId, SensorType type, String unit, String name) {
    String sensorId = id != null ? id : "sen-" + UUID.randomUUID();
    Sensor sensor =
        new Sensor(
            tenantId,
            sensorId,
            roomId,
            type,
            unit,
            clock.instant().truncatedTo(ChronoUnit.MICROS),
            name);
    if (!transactions.executeWrite(status -> sensors.insert(sensor))) {
      throw ProblemException.conflict("A sensor with id '" + sensorId + "' already exists.");
    }
    return sensor;
  }

  public Optional<Sensor> find(String tenantId, String id) {
    return transactions.executeRead(status -> sensors.find(tenantId, id));
  }

  public List<Sensor> list(String tenantId, String roomId, String type, String afterId, int limit) {
    return transactions.executeRead(status -> sensors.list(tenantId, roomId, type, afterId, limit));
  }
}
