package io.sac4cps.testkit.crac;

/** A resource failed its {@code afterRestore}; the failures are suppressed exceptions. */
public class RestoreException extends Exception {
  public RestoreException() {
    super("a resource failed after the restore");
  }
}
