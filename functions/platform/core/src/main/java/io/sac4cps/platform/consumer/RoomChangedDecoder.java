package io.sac4cps.platform.consumer;

import io.micronaut.json.JsonMapper;
import io.sac4cps.contracts.events.RoomChanged;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Decodes room.changed.v1 for every function that keeps a replica of rooms (sensors, analytics):
 * another type, data that does not match the schema, or a change without its room id or time is a
 * poison record with the reason.
 */
@Singleton
public class RoomChangedDecoder {
  private final JsonMapper json;

  public RoomChangedDecoder(JsonMapper json) {
    this.json = json;
  }

  public RoomChanged decode(InboundEvent event) {
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
    return room;
  }
}
