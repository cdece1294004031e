package io.sac4cps.sensors.events;

import io.sac4cps.contracts.events.RoomChanged;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.platform.consumer.EventProjection;
import io.sac4cps.platform.consumer.InboundEvent;
import io.sac4cps.platform.consumer.RoomChangedDecoder;
import io.sac4cps.sensors.domain.KnownRoom;
import io.sac4cps.sensors.store.RoomStore;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * room.changed.v1 from SQS {@code sensors-rooms} into the rooms sensors knows of, so a sensor is
 * registered only in a room of its tenant (decision 0039).
 */
@Singleton
public class RoomProjection implements EventProjection<KnownRoom> {
  static final String QUEUE =
      Wiring.load().queueConsumedBy(RoomEventsQueueHandler.class.getName()).name();

  private final RoomChangedDecoder decoder;
  private final RoomStore rooms;

  public RoomProjection(RoomChangedDecoder decoder, RoomStore rooms) {
    this.decoder = decoder;
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
    RoomChanged room = decoder.decode(event);
    return new KnownRoom(event.tenantId(), room.roomId(), room.changedAt());
  }

  @Override
  public void apply(List<KnownRoom> changes) {
    changes.forEach(rooms::upsertIfNewer);
  }
}
