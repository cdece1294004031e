package io.sac4cps.analytics.events;

import io.sac4cps.analytics.domain.Metric;
import io.sac4cps.analytics.domain.RoomFacts;
import io.sac4cps.analytics.store.RoomDayStore;
import io.sac4cps.analytics.store.RoomStore;
import io.sac4cps.contracts.events.RoomChanged;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.platform.consumer.EventProjection;
import io.sac4cps.platform.consumer.InboundEvent;
import io.sac4cps.platform.consumer.PoisonRecordException;
import io.sac4cps.platform.consumer.RoomChangedDecoder;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * room.changed.v1 from SQS {@code analytics-rooms} into analytics' copy of the rooms (decision
 * 0025): buildings, areas, capacities and thresholds, the newest change winning.
 */
@Singleton
public class RoomProjection implements EventProjection<RoomFacts> {
  static final String QUEUE =
      Wiring.load().queueConsumedBy(RoomEventsQueueHandler.class.getName()).name();

  private final RoomChangedDecoder decoder;
  private final RoomStore rooms;
  private final RoomDayStore roomDays;

  public RoomProjection(RoomChangedDecoder decoder, RoomStore rooms, RoomDayStore roomDays) {
    this.decoder = decoder;
    this.rooms = rooms;
    this.roomDays = roomDays;
  }

  @Override
  public String consumer() {
    return "analytics.rooms";
  }

  @Override
  public String deadLetterQueue() {
    return QUEUE + "-dlq";
  }

  @Override
  public RoomFacts decode(InboundEvent event) {
    RoomChanged room = decoder.decode(event);
    if (room.building() == null || room.name() == null) {
      throw PoisonRecordException.schemaInvalid("data.name and building are required");
    }
    Map<Metric, RoomFacts.Limits> limits = new EnumMap<>(Metric.class);
    if (room.thresholds() != null) {
      room.thresholds()
          .forEach(
              (name, threshold) ->
                  limits.put(
                      Metric.fromWire(name)
                          .orElseThrow(
                              () ->
                                  PoisonRecordException.schemaInvalid(
                                      "data.thresholds." + name + " is not a metric")),
                      new RoomFacts.Limits(threshold.min(), threshold.max())));
    }
    return new RoomFacts(
        event.tenantId(),
        room.roomId(),
        room.name(),
        room.building(),
        room.floor(),
        room.areaM2(),
        room.capacity(),
        limits,
        room.changedAt());
  }

  @Override
  public void apply(List<RoomFacts> changes) {
    for (RoomFacts room : changes) {
      // The room's days were judged against its old thresholds.
      if (rooms.upsertIfNewer(room)) {
        roomDays.touchRoom(room.tenantId(), room.id());
      }
    }
  }
}
