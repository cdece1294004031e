package io.sac4cps.contracts.events;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The event types of the platform and their data records, so that a consumer reading a {@code type}
 * attribute knows what to deserialize {@code data} into. Wire identity is the type string, never a
 * Java class name.
 */
public final class EventCatalog {

  private static final Map<String, Class<?>> DATA_CLASSES =
      Map.ofEntries(
          Map.entry(SensorReadingRecorded.TYPE, SensorReadingRecorded.class),
          Map.entry(AlertRaised.TYPE, AlertRaised.class),
          Map.entry(AlertResolved.TYPE, AlertResolved.class),
          Map.entry(AlertAcknowledged.TYPE, AlertAcknowledged.class),
          Map.entry(UserRegistered.TYPE, UserRegistered.class),
          Map.entry(TaskStatusChanged.TYPE, TaskStatusChanged.class),
          Map.entry(TaskRunRequested.TYPE, TaskRunRequested.class),
          Map.entry(TaskCancelRequested.TYPE, TaskCancelRequested.class),
          Map.entry(TaskProgressReported.TYPE, TaskProgressReported.class),
          Map.entry(RoomChanged.TYPE, RoomChanged.class));

  private EventCatalog() {}

  public static Set<String> types() {
    return DATA_CLASSES.keySet();
  }

  public static Optional<Class<?>> dataClass(String type) {
    return Optional.ofNullable(DATA_CLASSES.get(type));
  }
}
