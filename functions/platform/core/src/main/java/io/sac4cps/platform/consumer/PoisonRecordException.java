package io.sac4cps.platform.consumer;

/**
 * Thrown while decoding a message that can never be processed. Consumers dead-letter it and carry
 * on with the rest of the batch; any other exception is treated as transient and fails the batch.
 */
public class PoisonRecordException extends RuntimeException {
  private final PoisonReason reason;

  public PoisonRecordException(PoisonReason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  public static PoisonRecordException schemaInvalid(String detail) {
    return new PoisonRecordException(PoisonReason.SCHEMA_INVALID, detail);
  }

  public static PoisonRecordException unknownType(String type) {
    return new PoisonRecordException(PoisonReason.UNKNOWN_TYPE, "unknown event type " + type);
  }

  /** Applying the event alone failed with {@code failure}, which is not transient. */
  public static PoisonRecordException applyFailed(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String detail = root == failure ? failure.toString() : failure + " caused by " + root;
    return new PoisonRecordException(PoisonReason.APPLY_FAILED, detail);
  }

  public PoisonReason reason() {
    return reason;
  }
}
