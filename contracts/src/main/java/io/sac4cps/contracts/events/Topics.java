package io.sac4cps.contracts.events;

/** Names of the channels events travel on (as in contracts/wiring.yaml). */
public final class Topics {

  /** Kafka, key = sensor id: {@link SensorReadingRecorded}. */
  public static final String SENSOR_READINGS = "sensor.readings";

  /** Kafka, key = task id: {@link TaskStatusChanged}. */
  public static final String TASK_EVENTS = "task.events";

  /** Kafka, key = task id: {@link TaskProgressReported}, from the functions that run tasks. */
  public static final String TASK_REPORTS = "task.reports";

  /** SNS: {@link AlertRaised}, {@link AlertResolved} and {@link AlertAcknowledged}. */
  public static final String ALERTS = "alerts";

  /** SNS: {@link RoomChanged}. */
  public static final String ROOM_EVENTS = "room-events";

  /** SNS: {@link UserRegistered}. */
  public static final String IDENTITY_EVENTS = "identity-events";

  private Topics() {}
}
