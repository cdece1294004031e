package io.sac4cps.tasks.domain;

/**
 * RFC 9457 problem details of why a task failed or timed out, as the owner reported it or as tasks
 * decided it (timeouts, never started).
 *
 * @param type null when the owner gave none
 * @param status null when the owner gave none
 */
public record TaskProblem(String type, String title, Integer status, String detail) {

  static final String TIMED_OUT_TYPE = "https://sac4cps.io/problems/task-timed-out";
  static final String NEVER_STARTED_TYPE = "https://sac4cps.io/problems/task-never-started";
}
