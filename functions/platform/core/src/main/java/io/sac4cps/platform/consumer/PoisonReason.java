package io.sac4cps.platform.consumer;

/** Why a record can never be processed, however often it is retried. */
public enum PoisonReason {
  /** The value is not JSON (or not UTF-8). */
  BAD_JSON("bad-json"),
  /** JSON, but not a CloudEvent: a required attribute is missing or malformed. */
  NOT_A_CLOUDEVENT("not-a-cloudevent"),
  /** A CloudEvent whose type or version this consumer does not know. */
  UNKNOWN_TYPE("unknown-type"),
  /** A known type whose data violates its schema. */
  SCHEMA_INVALID("schema-invalid"),
  /**
   * Decoded, but applying it alone failed, and not for a transient reason ({@link
   * TransientFailure}): a statement the database refuses for this event, or a bug. Fix the cause,
   * then replay the letter ({@link DeadLetterReplay}).
   */
  APPLY_FAILED("apply-failed");

  private final String code;

  PoisonReason(String code) {
    this.code = code;
  }

  /** The value of the {@code reason} attribute on the dead letter. */
  public String code() {
    return code;
  }
}
