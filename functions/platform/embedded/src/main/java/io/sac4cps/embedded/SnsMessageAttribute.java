package io.sac4cps.embedded;

/**
 * One SNS message attribute as published: {@code dataType} is {@code String}, {@code Number},
 * {@code Binary} or {@code String.Array} (optionally with a custom suffix); binary values are kept
 * base64-encoded as they travel on the wire.
 */
record SnsMessageAttribute(String dataType, String stringValue, String binaryValue) {

  boolean isBinary() {
    return dataType.startsWith("Binary");
  }

  /** The value as the SNS JSON envelope shows it. */
  String envelopeValue() {
    return isBinary() ? binaryValue : stringValue;
  }
}
