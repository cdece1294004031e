package io.sac4cps.sensors.service;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.platform.problem.Problem;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.sensors.domain.Sensor;
import io.sac4cps.sensors.domain.SensorType;
import io.sac4cps.sensors.store.RoomStore;
import io.sac4cps.sensors.store.SensorStore;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Registering, finding and listing a tenant's sensors. */
@Singleton
public class Sensors {
  private static final Duration ROOM_POLL = Duration.ofMillis(100);

  private final TransactionOperations<Connection> transactions;
  private final SensorStore sensors;
  private final RoomStore rooms;
  private final Clock clock;
  private final Duration roomArrival;

  public Sensors(
      TransactionOperations<Connection> transactions,
      SensorStore sensors,
      RoomStore rooms,
      Clock clock,
      @Value("${sensors.rooms.arrival-wait:3s}") Duration roomArrival) {
    this.transactions = transactions;
    this.sensors = sensors;
    this.rooms = rooms;
    this.clock = clock;
    this.roomArrival = roomArrival;
  }

  /**
   * The new sensor; 422 naming {@code roomId} when the tenant has no such room, 409 when it has a
   * sensor with that id. {@code id} null: one is made.
   */
  public Sensor register(
      String tenantId, String id, String roomId, SensorType type, String unit, String name) {
    requireRoom(tenantId, roomId);
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

  /**
   * Sensors learns of rooms from room.changed.v1 (decision 0039), a moment after rooms created
   * them: a room not known yet is waited for, briefly, so "create the room, then its sensors" works
   * without the caller retrying. Each look is its own short read: no connection is held while
   * waiting.
   */
  private void requireRoom(String tenantId, String roomId) {
    long deadline = System.nanoTime() + roomArrival.toNanos();
    while (!transactions.executeRead(status -> rooms.exists(tenantId, roomId))) {
      if (System.nanoTime() >= deadline) {
        throw new ProblemException(
            HttpStatus.UNPROCESSABLE_ENTITY,
            "The organisation has no room '"
                + roomId
                + "'. A room created moments ago is known to sensors within seconds: retry then.",
            List.of(new Problem.FieldError("roomId", "names no room of the organisation")));
      }
      try {
        Thread.sleep(ROOM_POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for room " + roomId, e);
      }
    }
  }

  public Optional<Sensor> find(String tenantId, String id) {
    return transactions.executeRead(status -> sensors.find(tenantId, id));
  }

  public List<Sensor> list(String tenantId, String roomId, String type, String afterId, int limit) {
    return transactions.executeRead(status -> sensors.list(tenantId, roomId, type, afterId, limit));
  }
}
