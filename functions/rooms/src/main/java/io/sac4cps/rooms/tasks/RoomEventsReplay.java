package io.sac4cps.rooms.tasks;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.platform.outbox.Outbox;
import io.sac4cps.platform.outbox.OutboxMessage;
import io.sac4cps.platform.tasks.TaskContext;
import io.sac4cps.platform.tasks.TaskResult;
import io.sac4cps.platform.tasks.TaskRunner;
import io.sac4cps.rooms.domain.Room;
import io.sac4cps.rooms.events.RoomEvents;
import io.sac4cps.rooms.store.RoomStore;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code room-events-replay}: publishes room.changed.v1 again for every room of the tenant, so a
 * function that keeps its own copy (analytics, decision 0025) learns of rooms created before the
 * event existed. Each event carries the room's last change as rooms records it (creation, or the
 * last threshold replacement) as {@code changedAt}, not the replay's time: a consumer that has the
 * room already keeps it (the newest change wins, and this is not newer), one that lacks it gets the
 * room as it is, and a replay racing a real change can never overwrite it. A page of rooms and its
 * events are one transaction (the outbox), followed by a checkpoint: a resumed run starts after the
 * last checkpointed page, and a page published again (a crash between the two) changes nothing
 * downstream.
 */
@Singleton
public class RoomEventsReplay implements TaskRunner {
  public static final String KIND = "room-events-replay";
  static final int PAGE = 200;

  private final TransactionOperations<Connection> transactions;
  private final RoomStore rooms;
  private final RoomEvents events;
  private final Outbox outbox;

  public RoomEventsReplay(
      TransactionOperations<Connection> transactions,
      RoomStore rooms,
      RoomEvents events,
      Outbox outbox) {
    this.transactions = transactions;
    this.rooms = rooms;
    this.events = events;
    this.outbox = outbox;
  }

  /** The last room whose event is in the outbox, and how many so far. */
  @Serdeable
  record Checkpoint(@Nullable String lastRoomId, long published, long total) {}

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public TaskResult run(TaskContext task) {
    String tenant = task.tenantId();
    Checkpoint at =
        task.checkpoint(Checkpoint.class)
            .orElseGet(
                () -> new Checkpoint(null, 0, transactions.executeRead(s -> rooms.count(tenant))));
    if (at.lastRoomId() != null) {
      // A resumed run: its reports carry no progress until it says where it is (decision 0032).
      task.progress(at.published(), at.total(), null);
    }
    while (true) {
      String after = at.lastRoomId();
      List<Room> page =
          transactions.executeWrite(
              s -> {
                List<Room> found = rooms.list(tenant, null, null, after, PAGE);
                Map<String, Instant> changed =
                    rooms.lastChanges(tenant, found.stream().map(Room::id).toList());
                List<OutboxMessage> messages =
                    found.stream()
                        .map(room -> events.changed(room, changed.get(room.id())))
                        .toList();
                outbox.addAll(messages);
                return found;
              });
      if (page.isEmpty()) {
        break;
      }
      at =
          new Checkpoint(
              page.get(page.size() - 1).id(),
              at.published() + page.size(),
              Math.max(at.total(), at.published() + page.size()));
      task.progress(at.published(), at.total(), null);
      task.checkpoint(at);
      if (page.size() < PAGE) {
        break;
      }
    }
    return TaskResult.of(String.format("room.changed.v1 published for %,d rooms", at.published()));
  }
}
