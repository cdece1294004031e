package io.sac4cps.testkit;

/** A server of the embedded infrastructure that a test class can ask for. */
public enum Service {
  POSTGRES,
  KAFKA,
  SQS,
  /** The SNS stand-in; it delivers to SQS, so asking for it starts SQS too. */
  SNS,
  /**
   * S3 (S3Proxy) with one bucket per test class. Never started unless asked for: it is not among
   * {@link EmbeddedInfrastructure}'s defaults.
   */
  S3
}
