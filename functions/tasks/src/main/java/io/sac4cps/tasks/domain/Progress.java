package io.sac4cps.tasks.domain;

/**
 * How far a task is.
 *
 * @param total null while unknown
 * @param message null when the owner said nothing
 */
public record Progress(long done, Long total, String message) {
  public static final Progress NONE = new Progress(0, null, null);
}
