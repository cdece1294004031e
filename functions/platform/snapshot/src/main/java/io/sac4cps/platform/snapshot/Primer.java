package io.sac4cps.platform.snapshot;

/**
 * Runs a function's real request and event paths before the SnapStart snapshot, so that a restored
 * instance finds their classes loaded, linked and compiled. A primer must leave nothing behind that
 * a user could see (no rows, no events, no log lines at WARN or above) or that would be wrong after
 * a restore (an open connection, a started Kafka producer, credentials, a cached time or random
 * value). Throwing is reported and does not stop the snapshot: priming is an optimisation.
 */
@FunctionalInterface
public interface Primer {
  void prime() throws Exception;
}
