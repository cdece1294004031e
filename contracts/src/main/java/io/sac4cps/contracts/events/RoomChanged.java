package io.sac4cps.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Map;

/**
 * Data of {@value #TYPE}: a room as it is after it was created or its thresholds were replaced, on
 * SNS {@link Topics#ROOM_EVENTS}; the event's subject is the room id. It carries the whole room, so
 * a consumer keeps the one with the newest {@code changedAt} whatever order they arrive in.
 *
 * @param thresholds limits by metric wire name ({@code co2}, …); empty when none are set
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RoomChanged(
    String roomId,
    String name,
    String building,
    int floor,
    @Nullable Double areaM2,
    @Nullable Integer capacity,
    Map<String, Threshold> thresholds,
    Instant changedAt) {

  public static final String TYPE = "room.changed.v1";
}
