package io.sac4cps.notifications.service;

import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.sac4cps.notifications.channels.ChannelSender;
import io.sac4cps.notifications.domain.Backoff;
import io.sac4cps.notifications.domain.Channel;
import io.sac4cps.notifications.domain.DeliveryStatus;
import io.sac4cps.notifications.domain.Outcome;
import io.sac4cps.notifications.events.DeliveryWakeUps;
import io.sac4cps.notifications.store.ChannelUsageStore;
import io.sac4cps.notifications.store.DeliveryStore;
import io.sac4cps.notifications.store.DeliveryStore.Job;
import io.sac4cps.platform.resilience.Breaker;
import io.sac4cps.platform.resilience.CircuitBreakers;
import io.sac4cps.platform.telemetry.Metric;
import io.sac4cps.platform.telemetry.Metrics;
import io.sac4cps.platform.telemetry.Tracing;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends queued deliveries: claims them (committed, so no other sender takes them), sends them in
 * parallel over their channels, records each outcome. A failed attempt is queued again after the
 * {@link Backoff}'s wait and, after the last attempt, recorded {@code failed} with the reason:
 * never dropped. Within one call it waits for retries that fall due within {@code waitAtMost}, so a
 * delivery normally ends sent or failed before the invocation does; a retry due later is left to a
 * wake-up ({@link DeliveryWakeUps}). One whose sender died is claimed again by a later call once
 * its lease ran out.
 *
 * <p>Each channel's server has a circuit breaker (decision 0063: {@code smtp}, {@code sms}, {@code
 * websocket}): once half of the latest attempts failed, attempts are not made while it is open, and
 * the deliveries are queued again for when it lets a trial through, their attempt not counted. So
 * an outage neither holds every invocation for one timeout per delivery nor fails deliveries that
 * would have gone out once the server was back.
 */
@Singleton
public class Deliveries implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
  private static final int CLAIM_BATCH = 500;

  private final DeliveryStore store;
  private final TransactionOperations<Connection> transactions;
  private final Map<Channel, ChannelSender> senders = new EnumMap<>(Channel.class);
  private final Backoff backoff;
  private final Duration lease;
  private final Clock clock;
  private final ExecutorService sending;
  private final ChannelUsageStore usage;
  private final Map<Channel, Integer> hourlyLimits = new EnumMap<>(Channel.class);
  private final DeliveryWakeUps wakeUps;
  private final Map<Channel, Breaker> breakers = new EnumMap<>(Channel.class);
  private final Metrics metrics;
  private final Tracing tracing;

  public Deliveries(
      DeliveryStore store,
      TransactionOperations<Connection> transactions,
      List<ChannelSender> senders,
      Clock clock,
      @Value("${notifications.deliveries.max-attempts:3}") int maxAttempts,
      @Value("${notifications.deliveries.backoff:200ms}") Duration backoff,
      @Value("${notifications.deliveries.backoff-multiplier:4}") double multiplier,
      @Value("${notifications.deliveries.lease:60s}") Duration lease,
      @Value("${notifications.deliveries.parallelism:32}") int parallelism,
      ChannelUsageStore usage,
      @Value("${notifications.limits.email-per-hour:1000}") int emailPerHour,
      @Value("${notifications.limits.sms-per-hour:100}") int smsPerHour,
      DeliveryWakeUps wakeUps,
      CircuitBreakers circuitBreakers,
      Metrics metrics,
      Tracing tracing) {
    this.wakeUps = wakeUps;
    this.metrics = metrics;
    this.tracing = tracing;
    // Ten attempts before it may open: one refused address or a short hiccup does not stop a
    // channel; a server that is down stops costing a connect timeout per delivery.
    Breaker.Settings settings = new Breaker.Settings(20, 10, 50, Duration.ofSeconds(30));
    breakers.put(Channel.EMAIL, circuitBreakers.of("smtp", settings));
    breakers.put(Channel.SMS, circuitBreakers.of("sms", settings));
    breakers.put(Channel.WEBSOCKET, circuitBreakers.of("websocket", settings));
    this.store = store;
    this.transactions = transactions;
    senders.forEach(s -> this.senders.put(s.channel(), s));
    this.backoff = new Backoff(maxAttempts, backoff, multiplier);
    this.lease = lease;
    this.clock = clock;
    this.sending =
        Executors.newFixedThreadPool(parallelism, Thread.ofPlatform().daemon().factory());
    this.usage = usage;
    // WebSocket pushes cost nothing per message: no limit.
    hourlyLimits.put(Channel.EMAIL, emailPerHour);
    hourlyLimits.put(Channel.SMS, smsPerHour);
  }

  /** Delivers what is due of these causes, waiting up to {@code waitAtMost} for their retries. */
  public void deliver(Collection<String> causeIds, Duration waitAtMost) {
    run(List.copyOf(causeIds), waitAtMost);
  }

  /** Delivers everything due (any cause), waiting up to {@code waitAtMost} for retries. */
  public void deliverDue(Duration waitAtMost) {
    run(null, waitAtMost);
  }

  private void run(List<String> causeIds, Duration waitAtMost) {
    Instant giveUpWaiting = clock.instant().plus(waitAtMost);
    // Bounded by elapsed time too: a clock that stands still (tests) must not wait forever.
    long deadline = System.nanoTime() + waitAtMost.toNanos();
    while (true) {
      Instant now = clock.instant();
      List<Job> jobs =
          transactions.executeWrite(s -> store.claim(causeIds, now, now.plus(lease), CLAIM_BATCH));
      if (!jobs.isEmpty()) {
        record(jobs, sendAll(jobs));
        continue;
      }
      Optional<Instant> next = transactions.executeRead(s -> store.nextAttempt(causeIds));
      if (next.isEmpty()) {
        return;
      }
      if (next.get().isAfter(giveUpWaiting) || System.nanoTime() > deadline) {
        // Due after this call: a wake-up has an invocation send it on time (decision 0045).
        wakeUps.at(next.get());
        return;
      }
      sleepUntil(next.get());
    }
  }

  private List<Outcome> sendAll(List<Job> jobs) {
    List<Future<Outcome>> futures = new ArrayList<>(jobs.size());
    for (Job job : jobs) {
      futures.add(sending.submit(() -> attempt(job)));
    }
    List<Outcome> outcomes = new ArrayList<>(jobs.size());
    for (Future<Outcome> future : futures) {
      try {
        outcomes.add(future.get());
      } catch (ExecutionException e) {
        outcomes.add(Outcome.failed(String.valueOf(e.getCause())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        outcomes.add(Outcome.failed("interrupted"));
      }
    }
    return outcomes;
  }

  private Outcome attempt(Job job) {
    ChannelSender sender = senders.get(job.delivery().channel());
    if (sender == null) {
      return Outcome.rejected("channel " + job.delivery().channel().wireName() + " is not set up");
    }
    Breaker breaker = breakers.get(job.delivery().channel());
    return breaker.judged(
        () -> traced(job, () -> limitedSend(sender, job)),
        Deliveries::verdict,
        () ->
            new Outcome.Deferred(
                breaker.dependency() + " is unavailable (circuit open)",
                breaker.settings().openFor()));
  }

  /**
   * An attempt in its own span ({@code deliver email|sms|websocket}), the child of the span that
   * queued the delivery; a failed attempt marks it an error (the reason stays in the delivery row:
   * it may quote an address).
   */
  private Outcome traced(Job job, java.util.function.Supplier<Outcome> attempt) {
    Span span =
        tracing.startDelivery(
            job.delivery().channel().wireName(), job.queuedBy(), job.delivery().tenantId());
    return Tracing.within(
        span,
        () -> {
          Outcome outcome = attempt.get();
          span.setAttribute(
              Tracing.OUTCOME,
              outcome.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
          if (outcome instanceof Outcome.Failed) {
            span.setStatus(StatusCode.ERROR, "not delivered");
          }
          return outcome;
        });
  }

  /** Only an attempt that reached the server tells the breaker anything about it. */
  private static Breaker.Verdict verdict(Outcome outcome) {
    return switch (outcome) {
      case Outcome.Failed failed when failed.retryable() -> Breaker.Verdict.FAILED;
      case Outcome.Sent sent -> Breaker.Verdict.SUCCEEDED;
      // A refused address was answered by a server that is up.
      case Outcome.Failed failed -> Breaker.Verdict.SUCCEEDED;
      default -> Breaker.Verdict.NOT_CALLED;
    };
  }

  private Outcome limitedSend(ChannelSender sender, Job job) {
    Integer limit = hourlyLimits.get(job.delivery().channel());
    if (limit != null) {
      Instant hour = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
      int sends =
          transactions.executeWrite(
              s -> usage.take(job.delivery().tenantId(), job.delivery().channel(), hour));
      if (sends > limit) {
        return new Outcome.Limited(
            "over the tenant's limit of "
                + limit
                + " "
                + job.delivery().channel().wireName()
                + " per hour");
      }
    }
    try {
      return sender.send(job);
    } catch (RuntimeException e) {
      LOG.warn("delivery {} over {} failed", job.delivery().key(), sender.channel(), e);
      return Outcome.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** What one batch's attempts came to on one channel. */
  private static final class Tally {
    long sent;
    long failed;
    long retried;
    long deferred;
    long skipped;
    long limited;
  }

  private void record(List<Job> jobs, List<Outcome> outcomes) {
    Instant now = clock.instant();
    Map<Channel, Tally> tallies = new EnumMap<>(Channel.class);
    transactions.executeWrite(
        s -> {
          tallies.clear();
          for (int i = 0; i < jobs.size(); i++) {
            var delivery = jobs.get(i).delivery();
            Tally tally = tallies.computeIfAbsent(delivery.channel(), c -> new Tally());
            // Claiming counted this attempt already.
            int attempts = delivery.attempts();
            Outcome outcome = outcomes.get(i);
            switch (outcome) {
              case Outcome.Sent sent -> tally.sent++;
              case Outcome.Limited limited -> tally.limited++;
              case Outcome.Deferred deferred -> tally.deferred++;
              case Outcome.Skipped skipped -> tally.skipped++;
              case Outcome.Failed failed
                  when failed.retryable() && backoff.retriesAfter(attempts) ->
                  tally.retried++;
              case Outcome.Failed failed -> tally.failed++;
            }
            switch (outcome) {
              case Outcome.Sent sent ->
                  store.record(delivery.key(), DeliveryStatus.SENT, null, null, now);
              case Outcome.Limited limited ->
                  store.record(
                      delivery.key(),
                      DeliveryStatus.LIMITED,
                      Outcome.cut(limited.reason()),
                      null,
                      now);
              case Outcome.Deferred deferred ->
                  store.putBack(
                      delivery.key(),
                      Outcome.cut(deferred.reason()),
                      now.plus(deferred.retryAfter()),
                      now);
              case Outcome.Skipped skipped ->
                  store.record(
                      delivery.key(),
                      DeliveryStatus.SKIPPED,
                      Outcome.cut(skipped.reason()),
                      null,
                      now);
              case Outcome.Failed failed
                  when failed.retryable() && backoff.retriesAfter(attempts) ->
                  store.record(
                      delivery.key(),
                      DeliveryStatus.QUEUED,
                      Outcome.cut(failed.reason()),
                      now.plus(backoff.waitAfter(attempts)),
                      now);
              case Outcome.Failed failed -> {
                LOG.warn(
                    "delivery {} failed after {} attempt(s): {}",
                    delivery.key(),
                    attempts,
                    failed.reason());
                store.record(
                    delivery.key(), DeliveryStatus.FAILED, Outcome.cut(failed.reason()), null, now);
              }
            }
          }
          return null;
        });
    // After the commit: one EMF line per channel (decision 0049), "retried" being a failed attempt
    // queued again and "failed" the last one.
    tallies.forEach(
        (channel, t) ->
            metrics.emit(
                Map.of("Channel", channel.wireName()),
                Metric.count("DeliveriesSent", t.sent),
                Metric.count("DeliveriesFailed", t.failed),
                Metric.count("DeliveriesRetried", t.retried),
                Metric.count("DeliveriesDeferred", t.deferred),
                Metric.count("DeliveriesSkipped", t.skipped),
                Metric.count("DeliveriesLimited", t.limited)));
  }

  private void sleepUntil(Instant at) {
    long millis = Duration.between(clock.instant(), at).toMillis();
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @PreDestroy
  @Override
  public void close() {
    sending.shutdownNow();
  }
}
