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
  SCHEMA_INVALID("schema-invalid");

  private final String code;

  PoisonReason(String code) {
    this.code = code;
  }

  /** The value of the {@code reason} attribute on the dead letter. */
  public String code() {
    return code;
  }
}
