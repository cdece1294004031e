package io.sac4cps.testkit.crac;

/** A resource failed its {@code beforeCheckpoint}; the failures are suppressed exceptions. */
public class CheckpointException extends Exception {
  public CheckpointException() {
    super("a resource refused the checkpoint");
  }
}
