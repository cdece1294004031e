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
      Map.of(
          SensorReadingRecorded.TYPE, SensorReadingRecorded.class,
          AlertRaised.TYPE, AlertRaised.class,
          AlertResolved.TYPE, AlertResolved.class,
          UserRegistered.TYPE, UserRegistered.class,
          TaskStatusChanged.TYPE, TaskStatusChanged.class,
          RoomChanged.TYPE, RoomChanged.class);

  private EventCatalog() {}

  public static Set<String> types() {
    return DATA_CLASSES.keySet();
  }

  public static Optional<Class<?>> dataClass(String type) {
    return Optional.ofNullable(DATA_CLASSES.get(type));
  }
}
