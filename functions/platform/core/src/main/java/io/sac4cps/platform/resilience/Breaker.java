package io.sac4cps.platform.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.sac4cps.platform.telemetry.Metric;
import io.sac4cps.platform.telemetry.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker around one outbound dependency (resilience4j, decision 0063): after {@link
 * Settings#minimumCalls} calls of which {@link Settings#failureRate} percent failed (within the
 * last {@link Settings#window}), it opens, and for {@link Settings#openFor} calls are not made at
 * all: the caller's fallback answers at once instead of each call waiting out its timeout. Then one
 * trial call goes through; its success closes the breaker, its failure opens it again.
 *
 * <p>A failure is a thrown exception or a result the caller calls failed (the outbox publishers and
 * channel senders never throw: they answer what was acknowledged). Transitions are logged and
 * emitted as EMF ({@code BreakerOpened}, {@code BreakerClosed}, {@code CallsNotPermitted} under the
 * {@code Dependency} dimension). State lives in the function instance: each Lambda instance learns
 * of an outage by itself, at the cost of {@code minimumCalls} bounded waits.
 */
public final class Breaker {
  private static final Logger LOG = LoggerFactory.getLogger(Breaker.class);
  static final String DEPENDENCY = "Dependency";

  /** The breaker's state as callers and tests see it. */
  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  /** What a call's result says about the dependency. */
  public enum Verdict {
    SUCCEEDED,
    FAILED,
    /** The caller did not reach the dependency after all (nothing to send): not counted. */
    NOT_CALLED
  }

  /**
   * @param window how many of the latest calls the failure rate is computed over
   * @param minimumCalls calls needed before the breaker may open (1: the first failure opens it)
   * @param failureRate the percentage of failed calls in the window that opens it
   * @param openFor how long it stays open before a trial call; zero: it never opens
   */
  public record Settings(int window, int minimumCalls, float failureRate, Duration openFor) {
    public Settings {
      if (window < 1 || minimumCalls < 1 || failureRate <= 0 || failureRate > 100) {
        throw new IllegalArgumentException("breaker settings out of range: " + this);
      }
      if (openFor.isNegative()) {
        throw new IllegalArgumentException("a breaker cannot stay open " + openFor);
      }
    }
  }

  private final String dependency;
  private final Settings settings;
  private final CircuitBreaker breaker;
  private final Metrics metrics;

  Breaker(String dependency, Settings settings, Clock clock, Metrics metrics) {
    this.dependency = dependency;
    this.settings = settings;
    this.metrics = metrics;
    this.breaker =
        CircuitBreaker.of(
            dependency,
            CircuitBreakerConfig.custom()
                .slidingWindow(
                    Math.max(settings.window(), settings.minimumCalls()),
                    settings.minimumCalls(),
                    SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(settings.failureRate())
                // resilience4j lets the trial through strictly after the wait; ours once it is
                // over (a clock moved by exactly openFor, as the relay's backoff always did).
                .waitDurationInOpenState(
                    settings.openFor().compareTo(Duration.ofMillis(2)) < 0
                        ? Duration.ofMillis(1)
                        : settings.openFor().minusMillis(1))
                .permittedNumberOfCallsInHalfOpenState(1)
                // The trial is made by the next caller: no scheduler thread (Lambda freezes it).
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(e -> true)
                .clock(clock)
                .build());
    if (settings.openFor().isZero()) {
      // No backoff asked for (a relay built by hand for a test): every call is made.
      breaker.transitionToDisabledState();
    }
    breaker.getEventPublisher().onStateTransition(e -> transitioned(e.getStateTransition()));
  }

  public String dependency() {
    return dependency;
  }

  public Settings settings() {
    return settings;
  }

  public State state() {
    return switch (breaker.getState()) {
      case OPEN, FORCED_OPEN -> State.OPEN;
      case HALF_OPEN -> State.HALF_OPEN;
      default -> State.CLOSED;
    };
  }

  /**
   * Runs {@code work} and records whether it {@code failed}, unless the breaker is open: then
   * {@code whileOpen} answers without calling the dependency. A {@code work} that throws is a
   * failure and its exception is rethrown.
   */
  public <T> T call(Supplier<T> work, Predicate<T> failed, Supplier<T> whileOpen) {
    return judged(work, r -> failed.test(r) ? Verdict.FAILED : Verdict.SUCCEEDED, whileOpen);
  }

  /** {@link #call}, with the result's {@link Verdict} told by {@code verdict}. */
  public <T> T judged(Supplier<T> work, Function<T, Verdict> verdict, Supplier<T> whileOpen) {
    if (!breaker.tryAcquirePermission()) {
      metrics.emit(Map.of(DEPENDENCY, dependency), Metric.count("CallsNotPermitted", 1));
      return whileOpen.get();
    }
    return recorded(work, verdict);
  }

  /**
   * Runs {@code work}, a call that throws when it fails (an S3 or SQS SDK call), unless the breaker
   * is open: then it throws {@link DependencyUnavailable} at once without calling the dependency. A
   * thrown exception counts against the dependency only when {@code outage} says it is one (no
   * answer, a 5xx): a 404 or a refused request is an answer, and the call a success for the
   * breaker.
   */
  public <T> T guarded(Supplier<T> work, Predicate<Throwable> outage) {
    if (!breaker.tryAcquirePermission()) {
      metrics.emit(Map.of(DEPENDENCY, dependency), Metric.count("CallsNotPermitted", 1));
      throw new DependencyUnavailable(dependency, settings.openFor());
    }
    long started = System.nanoTime();
    T result;
    try {
      result = work.get();
    } catch (RuntimeException | Error e) {
      long took = System.nanoTime() - started;
      if (outage.test(e)) {
        breaker.onError(took, TimeUnit.NANOSECONDS, e);
      } else {
        breaker.onSuccess(took, TimeUnit.NANOSECONDS);
      }
      throw e;
    }
    breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    return result;
  }

  /**
   * Runs {@code work} whatever the state, as the trial of an open breaker: its success closes the
   * breaker, its failure keeps it open for another {@link Settings#openFor}. For a caller that
   * paces itself (the outbox's scheduled drain: one bounded attempt per tick), so an outage ends
   * for everyone as soon as that caller sees the dependency back.
   */
  public <T> T probe(Supplier<T> work, Predicate<T> failed) {
    if (state() == State.CLOSED) {
      return recorded(work, r -> failed.test(r) ? Verdict.FAILED : Verdict.SUCCEEDED);
    }
    boolean ok = false;
    try {
      T result = work.get();
      ok = !failed.test(result);
      return result;
    } finally {
      if (ok) {
        breaker.transitionToClosedState();
      } else {
        breaker.transitionToOpenState();
      }
    }
  }

  private <T> T recorded(Supplier<T> work, Function<T, Verdict> verdict) {
    long started = System.nanoTime();
    T result;
    try {
      result = work.get();
    } catch (RuntimeException | Error e) {
      breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
      throw e;
    }
    long took = System.nanoTime() - started;
    switch (verdict.apply(result)) {
      case FAILED -> breaker.onError(took, TimeUnit.NANOSECONDS, new DependencyFailed(dependency));
      case SUCCEEDED -> breaker.onSuccess(took, TimeUnit.NANOSECONDS);
      case NOT_CALLED -> breaker.releasePermission();
    }
    return result;
  }

  private void transitioned(CircuitBreaker.StateTransition transition) {
    switch (transition.getToState()) {
      case OPEN -> {
        if (transition.getFromState() != CircuitBreaker.State.OPEN) {
          LOG.warn("breaker {} opened: calls fail fast for {}", dependency, settings.openFor());
          metrics.emit(Map.of(DEPENDENCY, dependency), Metric.count("BreakerOpened", 1));
        }
      }
      case CLOSED -> {
        LOG.info("breaker {} closed: {} answers again", dependency, dependency);
        metrics.emit(Map.of(DEPENDENCY, dependency), Metric.count("BreakerClosed", 1));
      }
      default -> {}
    }
  }

  /** What the breaker records for a result its caller calls failed (nothing was thrown). */
  static final class DependencyFailed extends RuntimeException {
    DependencyFailed(String dependency) {
      super(dependency + " did not acknowledge", null, false, false);
    }
  }
}
