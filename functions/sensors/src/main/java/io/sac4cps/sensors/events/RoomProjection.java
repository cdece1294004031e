package io.sac4cps.sensors.events;

import io.micronaut.json.JsonMapper;
import io.sac4cps.contracts.events.RoomChanged;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.platform.consumer.EventProjection;
import io.sac4cps.platform.consumer.InboundEvent;
import io.sac4cps.platform.consumer.PoisonRecordException;
import io.sac4cps.sensors.domain.KnownRoom;
import io.sac4cps.sensors.store.RoomStore;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;

/**
 * room.changed.v1 from SQS {@code sensors-rooms} into the rooms sensors knows of, so a sensor is
 * registered only in a room of its tenant (decision 0039).
 */
@Singleton
public class RoomProjection implements EventProjection<KnownRoom> {
  static final String QUEUE =
      Wiring.load().queues().stream()
          .filter(
              q ->
                  q.consumer()
                      .filter(c -> c.handler().equals(RoomEventsQueueHandler.class.getName()))
                      .isPresent())
          .findFirst()
          .orElseThrow()
          .name();

  private final JsonMapper json;
  private final RoomStore rooms;

  public RoomProjection(JsonMapper json, RoomStore rooms) {
    this.json = json;
    this.rooms = rooms;
  }

  @Override
  public String consumer() {
    return "sensors.rooms";
  }

  @Override
  public String deadLetterQueue() {
    return QUEUE + "-dlq";
  }

  @Override
  public KnownRoom decode(InboundEvent event) {
    if (!RoomChanged.TYPE.equals(event.type())) {
      throw PoisonRecordException.unknownType(event.type());
    }
    RoomChanged room;
    try {
      room = json.readValueFromTree(event.data(), RoomChanged.class);
    } catch (IOException | RuntimeException e) {
      throw PoisonRecordException.schemaInvalid("data does not match " + RoomChanged.TYPE);
    }
    if (room.roomId() == null || room.roomId().isEmpty() || room.changedAt() == null) {
      throw PoisonRecordException.schemaInvalid("data.roomId and changedAt are required");
    }
    return new KnownRoom(event.tenantId(), room.roomId(), room.changedAt());
  }

  @Override
  public void apply(List<KnownRoom> changes) {
    changes.forEach(rooms::upsertIfNewer);
  }
}
