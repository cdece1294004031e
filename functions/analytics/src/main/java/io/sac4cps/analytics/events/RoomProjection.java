package io.sac4cps.analytics.events;

import io.micronaut.json.JsonMapper;
import io.sac4cps.analytics.domain.Metric;
import io.sac4cps.analytics.domain.RoomFacts;
import io.sac4cps.analytics.store.RoomStore;
import io.sac4cps.contracts.events.RoomChanged;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.platform.consumer.EventProjection;
import io.sac4cps.platform.consumer.InboundEvent;
import io.sac4cps.platform.consumer.PoisonRecordException;
import jakarta.inject.Singleton;
import java.io.IOException;
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
    return "analytics.rooms";
  }

  @Override
  public String deadLetterQueue() {
    return QUEUE + "-dlq";
  }

  @Override
  public RoomFacts decode(InboundEvent event) {
    if (!RoomChanged.TYPE.equals(event.type())) {
      throw PoisonRecordException.unknownType(event.type());
    }
    RoomChanged room;
    try {
      room = json.readValueFromTree(event.data(), RoomChanged.class);
    } catch (IOException | RuntimeException e) {
      throw PoisonRecordException.schemaInvalid("data does not match " + RoomChanged.TYPE);
    }
    if (room.roomId() == null
        || room.building() == null
        || room.name() == null
        || room.changedAt() == null) {
      throw PoisonRecordException.schemaInvalid(
          "data.roomId, name, building and changedAt are required");
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
    changes.forEach(rooms::upsertIfNewer);
  }
}
