package io.sac4cps.infra.plan;

/** API Gateway throttling of one route: steady requests per second and burst size. */
public record Throttle(double rateLimit, int burstLimit) {
  public Throttle {
    if (rateLimit <= 0 || burstLimit <= 0) {
      throw new IllegalArgumentException(
          "rateLimit and burstLimit must be positive, were " + rateLimit + "/" + burstLimit);
    }
  }
}
