package io.sac4cps.rooms.events;

import io.sac4cps.contracts.events.CloudEvent;
import io.sac4cps.contracts.events.RoomChanged;
import io.sac4cps.contracts.events.Threshold;
import io.sac4cps.contracts.events.Topics;
import io.sac4cps.platform.outbox.Destination;
import io.sac4cps.platform.outbox.Outbox;
import io.sac4cps.platform.outbox.OutboxMessage;
import io.sac4cps.rooms.domain.Room;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Outbox messages for room.changed.v1 on SNS {@code room-events}: the whole room after it was
 * created or its thresholds replaced, for functions that keep their own copy (analytics, decision
 * 0025).
 */
@Singleton
public class RoomEvents {
  private static final Destination ROOM_EVENTS = Destination.sns(Topics.ROOM_EVENTS);

  private final Outbox outbox;

  public RoomEvents(Outbox outbox) {
    this.outbox = outbox;
  }

  public OutboxMessage changed(Room room, Instant changedAt) {
    Map<String, Threshold> thresholds = new TreeMap<>();
    room.thresholds()
        .forEach(
            (metric, limits) ->
                thresholds.put(metric.wireName(), new Threshold(limits.min(), limits.max())));
    RoomChanged data =
        new RoomChanged(
            room.id(),
            room.name(),
            room.building(),
            room.floor(),
            room.areaM2(),
            room.capacity(),
            thresholds,
            changedAt);
    CloudEvent<RoomChanged> event =
        CloudEvent.of(
            RoomChanged.TYPE, AlertEvents.FUNCTION, room.id(), room.tenantId(), changedAt, data);
    return outbox.message(event.id(), ROOM_EVENTS, room.id(), event);
  }
}
