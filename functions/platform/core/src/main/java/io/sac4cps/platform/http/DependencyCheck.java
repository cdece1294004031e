package io.sac4cps.platform.http;

/** A dependency {@code GET /health} reports: the function serves only while each one is up. */
public interface DependencyCheck {
  /** The name in the health document, e.g. {@code database}. */
  String name();

  /** Whether the dependency answers now, within a short timeout; never throws. */
  boolean isUp();
}
