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

  /**
   * SNS, published by SES (not a function): the bounce and complaint events of the configuration
   * set notifications' email is sent with, as SES documents them (no CloudEvents).
   */
  public static final String EMAIL_FEEDBACK = "email-feedback";

  private Topics() {}
}
