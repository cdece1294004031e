package io.sac4cps.platform.health;

import io.micronaut.context.annotation.Value;
import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.platform.resilience.Breaker;
import io.sac4cps.platform.resilience.CircuitBreakers;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What {@code GET /health} says of each dependency (decision 0073): every {@link DependencyProbe}
 * at once on its own virtual thread; UP when it answered, DEGRADED when it answered slower than
 * {@code sac4cps.health.slow-after} (not judged on the instance's first probe, which builds the
 * client: 2.7 s for SQS at load 14) or while its circuit breaker is not closed, DOWN when it failed
 * or did not answer within {@code sac4cps.health.probe-timeout} ({@code first-probe-timeout} for
 * the instance's first {@code /health}, which builds the clients; the route waits no longer; a
 * probe still running is not started again). Answers are kept for {@code sac4cps.health.cache-for},
 * so a load balancer or the local gateway asking often costs one probe per dependency per period. A
 * breaker's state is read on every call (it calls nothing).
 */
@Singleton
public class DependencyHealth {
  /**
   * One dependency's state.
   *
   * @param status UP, DEGRADED or DOWN
   * @param latencyMs how long its probe took (the timeout when it did not answer)
   * @param checkedAt when the probe started, ISO-8601
   */
  @Serdeable
  public record Report(String status, long latencyMs, String checkedAt) {}

  /** {@code cold}: the instance's first probe, whose latency includes building the client. */
  private record Probed(boolean answered, long latencyMs, Instant checkedAt, boolean cold) {
    Probed coldIf(boolean first) {
      return new Probed(answered, latencyMs, checkedAt, first);
    }
  }

  private final List<DependencyProbe> probes;
  private final CircuitBreakers breakers;
  private final Clock clock;
  private final Duration timeout;
  private final Duration firstTimeout;
  private final Duration slowAfter;
  private final Duration cacheFor;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, CompletableFuture<Probed>> running = new ConcurrentHashMap<>();
  private Map<String, Probed> cached = Map.of();
  private long cachedUntilNanos;
  private boolean probedOnce;

  public DependencyHealth(
      List<DependencyProbe> probes,
      CircuitBreakers breakers,
      Clock clock,
      @Value("${sac4cps.health.probe-timeout:2s}") Duration timeout,
      @Value("${sac4cps.health.first-probe-timeout:5s}") Duration firstTimeout,
      @Value("${sac4cps.health.slow-after:1s}") Duration slowAfter,
      @Value("${sac4cps.health.cache-for:3s}") Duration cacheFor) {
    this.probes = probes;
    this.breakers = breakers;
    this.clock = clock;
    this.timeout = timeout;
    this.firstTimeout = firstTimeout;
    this.slowAfter = slowAfter;
    this.cacheFor = cacheFor;
  }

  /** The probed dependencies whose absence makes the function DOWN. */
  public boolean isEssential(String name) {
    return probes.stream().anyMatch(p -> p.name().equals(name) && p.essential());
  }

  /** Each probed dependency's report, by name: from the cache when it is fresh. */
  public Map<String, Report> reports() {
    Map<String, Probed> probed = probed();
    Map<String, Report> reports = new TreeMap<>();
    probed.forEach(
        (name, result) -> {
          boolean breakerOpen =
              breakers.find(name).map(b -> b.state() != Breaker.State.CLOSED).orElse(false);
          String status =
              !result.answered()
                  ? "DOWN"
                  : breakerOpen || (!result.cold() && result.latencyMs() > slowAfter.toMillis())
                      ? "DEGRADED"
                      : "UP";
          reports.put(name, new Report(status, result.latencyMs(), result.checkedAt().toString()));
        });
    return reports;
  }

  private synchronized Map<String, Probed> probed() {
    if (probedOnce && System.nanoTime() - cachedUntilNanos < 0) {
      return cached;
    }
    // The first probe also builds the SDK client it calls (class loading: over 1 s at load 14).
    Duration wait = probedOnce ? timeout : firstTimeout;
    long deadline = System.nanoTime() + wait.toNanos();
    Map<String, CompletableFuture<Probed>> started = new HashMap<>();
    for (DependencyProbe probe : probes) {
      CompletableFuture<Probed> future = running.get(probe.name());
      if (future == null) {
        future = start(probe);
        running.put(probe.name(), future);
        CompletableFuture<Probed> done = future;
        // Forgotten once done, so the next period probes again; a hung probe stays the one running.
        future.whenComplete((r, e) -> running.remove(probe.name(), done));
      }
      started.put(probe.name(), future);
    }
    Map<String, Probed> results = new HashMap<>();
    started.forEach(
        (name, future) -> {
          try {
            results.put(
                name,
                future
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                    .coldIf(!probedOnce));
          } catch (TimeoutException | InterruptedException | ExecutionException e) {
            results.put(name, new Probed(false, wait.toMillis(), clock.instant(), false));
          }
        });
    cached = Map.copyOf(results);
    cachedUntilNanos = System.nanoTime() + cacheFor.toNanos();
    probedOnce = true;
    return cached;
  }

  private CompletableFuture<Probed> start(DependencyProbe probe) {
    Instant at = clock.instant();
    return CompletableFuture.supplyAsync(
        () -> {
          long began = System.nanoTime();
          boolean answered;
          try {
            probe.probe();
            answered = true;
          } catch (Exception | LinkageError e) {
            answered = false;
          }
          return new Probed(answered, (System.nanoTime() - began) / 1_000_000, at, false);
        },
        threads);
  }

  @PreDestroy
  void close() {
    threads.shutdownNow();
  }
}
