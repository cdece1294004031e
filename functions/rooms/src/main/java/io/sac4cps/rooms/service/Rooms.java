package io.sac4cps.rooms.service;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.platform.outbox.Outbox;
import io.sac4cps.rooms.domain.Room;
import io.sac4cps.rooms.events.RoomEvents;
import io.sac4cps.rooms.store.RoomStore;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Creating, finding and listing a tenant's rooms. */
@Singleton
public class Rooms {
  private final TransactionOperations<Connection> transactions;
  private final RoomStore rooms;
  private final RoomEvents roomEvents;
  private final Outbox outbox;
  private final Clock clock;

  public Rooms(
      TransactionOperations<Connection> transactions,
      RoomStore rooms,
      RoomEvents roomEvents,
      Outbox outbox,
      Clock clock) {
    this.transactions = transactions;
    this.rooms = rooms;
    this.roomEvents = roomEvents;
    this.outbox = outbox;
    this.clock = clock;
  }

  /** A new room without thresholds, with a new id; room.changed.v1 tells the other functions. */
  public Room create(
      String tenantId, String name, String building, int floor, Double areaM2, Integer capacity) {
    Room room =
        new Room(
            tenantId,
            "room-" + UUID.randomUUID(),
            name,
            building,
            floor,
            areaM2,
            capacity,
            clock.instant().truncatedTo(ChronoUnit.MICROS),
            Map.of());
    transactions.executeWrite(
        status -> {
          rooms.insert(room);
          outbox.addAll(List.of(roomEvents.changed(room, room.createdAt())));
          return null;
        });
    return room;
  }

  public Optional<Room> find(String tenantId, String id) {
    return transactions.executeRead(status -> rooms.find(tenantId, id));
  }

  public List<Room> list(
      String tenantId, String building, Integer floor, String afterId, int limit) {
    return transactions.executeRead(
        status -> rooms.list(tenantId, building, floor, afterId, limit));
  }
}
