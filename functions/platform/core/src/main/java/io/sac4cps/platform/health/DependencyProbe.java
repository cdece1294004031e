package io.sac4cps.platform.health;

/**
 * A dependency {@code GET /health} probes: one cheap call that shows it answers (decision 0073).
 * Probes run off the request path of every other route, concurrently, each bounded by {@code
 * sac4cps.health.probe-timeout}, and their results are kept for {@code sac4cps.health.cache-for}.
 */
public interface DependencyProbe {
  /**
   * The name in the health document, the same as the dependency's circuit breaker: {@code
   * database}, {@code kafka}, {@code aws_sqs}, {@code aws_sns}, {@code aws_s3}, {@code smtp}.
   */
  String name();

  /** Whether the function cannot serve at all without it (its database): DOWN is then a 503. */
  default boolean essential() {
    return false;
  }

  /**
   * Returns once the dependency answered (any answer of the service, a refusal included: it is
   * there); throws when it did not. May block: the caller bounds the wait.
   */
  void probe() throws Exception;
}
