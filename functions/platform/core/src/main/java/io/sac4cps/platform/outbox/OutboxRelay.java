package io.sac4cps.platform.outbox;

import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.sac4cps.platform.jdbc.JdbcStatements;
import io.sac4cps.platform.resilience.Breaker;
import io.sac4cps.platform.resilience.CircuitBreakers;
import io.sac4cps.platform.telemetry.Metric;
import io.sac4cps.platform.telemetry.Metrics;
import io.sac4cps.platform.telemetry.Tracing;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what the outbox holds and deletes what the broker acknowledged. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so relays running at once (after a request, on a schedule, in
 * several Lambdas) never publish the same row concurrently. A crash between the broker's ack and
 * the delete republishes a message: consumers dedupe on the event id.
 *
 * <p>{@link #publishCommitted} runs right after a commit with the batches {@link Outbox#addAll}
 * recorded in it: published from memory, only their rows locked and deleted. {@link #relayPending}
 * is the scheduled drain of whatever is left, oldest first (the safety net).
 *
 * <p>Each destination kind has a circuit breaker (decision 0063): after a failed publish the
 * after-commit publish does not call that broker for {@code sac4cps.outbox.backoff}, so requests
 * are not slowed by one bounded wait each while it is down (the fallback: the rows stay, the
 * request still succeeds). The scheduled drain is the breaker's trial: one bounded attempt per tick
 * whatever the state, and its success closes the breaker for the requests again.
 */
@Singleton
public class OutboxRelay {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final String CLAIM_OLDEST =
      "SELECT seq, destination_kind, destination, messages, delay_seconds FROM outbox"
          + " ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED";
  private static final String CLAIM_OWN =
      "SELECT seq FROM outbox WHERE seq = ANY (?) FOR UPDATE SKIP LOCKED";
  private static final java.time.Duration HOLD_TIMEOUT = java.time.Duration.ofSeconds(30);

  private final TransactionOperations<Connection> transactions;
  private final JdbcStatements sql;
  private final Map<Destination.Kind, OutboxPublisher> publishers =
      new EnumMap<>(Destination.Kind.class);
  private final int rowsPerClaim;
  private final Map<Destination.Kind, Breaker> breakers = new EnumMap<>(Destination.Kind.class);
  private final Tracing tracing;
  private final Metrics metrics;
  private final java.time.Duration holdTimeout;

  /** Untraced, for tests that build a relay by hand. */
  public OutboxRelay(
      TransactionOperations<Connection> transactions,
      List<OutboxPublisher> publishers,
      int rowsPerClaim,
      java.time.Duration backoff,
      Clock clock) {
    this(transactions, publishers, rowsPerClaim, backoff, clock, HOLD_TIMEOUT);
  }

  /**
   * Untraced, with the after-commit publish's hold timeout ({@code sac4cps.outbox.hold-timeout}).
   */
  public OutboxRelay(
      TransactionOperations<Connection> transactions,
      List<OutboxPublisher> publishers,
      int rowsPerClaim,
      java.time.Duration backoff,
      Clock clock,
      java.time.Duration holdTimeout) {
    this(
        transactions,
        publishers,
        rowsPerClaim,
        backoff,
        Tracing.off(),
        new Metrics("outbox", clock, line -> {}),
        CircuitBreakers.unconfigured(clock),
        holdTimeout);
  }

  @Inject
  public OutboxRelay(
      TransactionOperations<Connection> transactions,
      List<OutboxPublisher> publishers,
      @Value("${sac4cps.outbox.rows-per-claim:20}") int rowsPerClaim,
      @Value("${sac4cps.outbox.backoff:30s}") java.time.Duration backoff,
      Tracing tracing,
      Metrics metrics,
      CircuitBreakers circuitBreakers,
      @Value("${sac4cps.outbox.hold-timeout:30s}") java.time.Duration holdTimeout) {
    this.holdTimeout = holdTimeout;
    this.tracing = tracing;
    this.metrics = metrics;
    this.transactions = transactions;
    this.sql = new JdbcStatements(transactions);
    publishers.forEach(p -> this.publishers.put(p.kind(), p));
    this.rowsPerClaim = rowsPerClaim;
    // The first failed publish opens it (one bounded wait, as the relay's backoff always did), or
    // half of the last five.
    Breaker.Settings settings = new Breaker.Settings(5, 1, 50, backoff);
    for (Destination.Kind kind : Destination.Kind.values()) {
      breakers.put(kind, circuitBreakers.of(messagingSystem(kind), settings));
    }
  }

  /** The breaker in front of the broker of {@code kind}. */
  public Breaker breaker(Destination.Kind kind) {
    return breakers.get(kind);
  }

  /**
   * Publishes batches just committed, from memory (the transaction that wrote them calls this after
   * its commit, see {@link Outbox}), unless the broker's breaker is open: with the broker down
   * requests are not slowed by one bounded wait each, and the scheduled relay ({@link
   * OutboxRelayHandler}) keeps draining meanwhile. Batches another relay has claimed already are
   * left to it.
   *
   * @return how many messages were published
   */
  public int publishCommitted(List<OutboxBatch> batches) {
    return publishCommitted(batches, false);
  }

  /**
   * {@link #publishCommitted(List)} on the outbox's publisher thread ({@link
   * BackgroundPublishing}), which Lambda may freeze mid-publish: there the server ends the
   * publish's session once its transaction has waited on this client longer than {@code
   * sac4cps.outbox.hold-timeout}, so a frozen publish holds its rows' locks no longer than that
   * (decision 0075). A request's own publish has no such bound: Lambda never freezes a request's
   * thread, and the request's answer must not depend on how long a broker takes to refuse.
   */
  int publishCommittedInBackground(List<OutboxBatch> batches) {
    return publishCommitted(batches, true);
  }

  private int publishCommitted(List<OutboxBatch> batches, boolean heldAtMost) {
    if (batches.isEmpty()) {
      return 0;
    }
    return transactions.executeWrite(
        status -> {
          if (heldAtMost) {
            asyncCommitHeldAtMost();
          } else {
            asyncCommit();
          }
          Set<Long> claimed =
              new HashSet<>(
                  sql.query(
                      CLAIM_OWN,
                      s ->
                          s.setArray(
                              1,
                              sql.array(
                                  "bigint",
                                  batches.stream().map(OutboxBatch::seq).toArray(Long[]::new))),
                      rs -> rs.getLong(1)));
          return publish(batches.stream().filter(b -> claimed.contains(b.seq())).toList(), false);
        });
  }

  /**
   * Publishes pending messages, oldest first, until the outbox is empty or a batch could not be
   * fully published.
   *
   * @return how many messages were published
   */
  public int relayPending() {
    int published = 0;
    while (true) {
      Claim claim = transactions.executeWrite(status -> relayOldest());
      published += claim.published();
      if (claim.failed() || claim.rows() < rowsPerClaim) {
        emitLag();
        return published;
      }
    }
  }

  /** How many messages wait to be published. */
  public long pending() {
    return transactions.executeRead(
        status ->
            sql.queryOne(
                    "SELECT coalesce(sum(message_count), 0) FROM outbox",
                    s -> {},
                    rs -> rs.getLong(1))
                .orElseThrow());
  }

  /**
   * What the scheduled drain left behind: {@code OutboxLag}, the age of the oldest unsent row (an
   * alarm on it pages when the broker has been refusing for minutes), and {@code OutboxPending}.
   */
  private void emitLag() {
    transactions.executeRead(
        status -> {
          sql.queryOne(
                  "SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0),"
                      + " coalesce(sum(message_count), 0) FROM outbox",
                  s -> {},
                  rs -> {
                    metrics.emit(
                        Map.of(),
                        Metric.seconds("OutboxLag", rs.getDouble(1)),
                        Metric.count("OutboxPending", rs.getLong(2)));
                    return true;
                  })
              .orElseThrow();
          return null;
        });
  }

  private record Claim(int rows, int published, boolean failed) {}

  private Claim relayOldest() {
    asyncCommit();
    List<OutboxBatch> batches =
        sql.query(
            CLAIM_OLDEST,
            s -> s.setInt(1, rowsPerClaim),
            rs -> {
              Destination destination =
                  new Destination(
                      Destination.Kind.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
                      rs.getString(3),
                      rs.getInt(5));
              return new OutboxBatch(
                  rs.getLong(1), destination, PackedMessages.unpack(rs.getBytes(4), destination));
            });
    int total = batches.stream().mapToInt(b -> b.messages().size()).sum();
    int published = publish(batches, true);
    return new Claim(batches.size(), published, published < total);
  }

  /**
   * Publishes claimed batches (all of one kind in one call to its publisher), deletes the rows the
   * broker fully acknowledged and keeps only the unacknowledged messages of the others. Rows whose
   * broker's breaker is open are left as they are (nothing was attempted); {@code probe} makes the
   * call anyway, as the breaker's trial.
   */
  private int publish(List<OutboxBatch> batches, boolean probe) {
    Map<Destination.Kind, List<OutboxBatch>> byKind = new EnumMap<>(Destination.Kind.class);
    batches.forEach(
        b -> byKind.computeIfAbsent(b.destination().kind(), k -> new ArrayList<>()).add(b));
    int published = 0;
    boolean complete = true;
    List<Long> done = new ArrayList<>();
    for (var entry : byKind.entrySet()) {
      OutboxPublisher publisher = publishers.get(entry.getKey());
      List<OutboxMessage> messages =
          entry.getValue().stream().flatMap(b -> b.messages().stream()).toList();
      Set<String> acknowledged =
          publisher == null ? Set.of() : publishTraced(entry.getKey(), publisher, messages, probe);
      if (acknowledged == null) {
        // The breaker is open: not attempted, so not a relay failure; the rows wait as they are.
        complete = false;
        continue;
      }
      published += acknowledged.size();
      for (OutboxBatch batch : entry.getValue()) {
        List<OutboxMessage> left =
            batch.messages().stream().filter(m -> !acknowledged.contains(m.id())).toList();
        if (left.isEmpty()) {
          done.add(batch.seq());
        } else {
          keepOnly(
              batch.seq(),
              left,
              publisher == null ? "no publisher for " + entry.getKey() : "not acknowledged");
        }
      }
      metrics.emit(
          Map.of("Destination", entry.getKey().name().toLowerCase(Locale.ROOT)),
          Metric.count("Published", acknowledged.size()),
          Metric.count("RelayFailures", messages.size() - acknowledged.size()));
      if (acknowledged.size() < messages.size()) {
        complete = false;
        LOG.warn(
            "outbox: {} of {} {} messages not published; they stay for the next relay",
            messages.size() - acknowledged.size(),
            messages.size(),
            entry.getKey());
      }
    }
    if (!done.isEmpty()) {
      sql.update(
          "DELETE FROM outbox WHERE seq = ANY (?)",
          s -> s.setArray(1, sql.array("bigint", done.toArray(Long[]::new))));
    }
    return published;
  }

  /**
   * Publishes {@code messages} in runs of one destination and one producer trace, each run in a
   * publish span that is the child of the span that wrote it to the outbox: the publisher puts the
   * publish span's context in the record headers or message attributes, so the consumer's span
   * becomes its child. Stops at the first run not fully acknowledged, as a publisher does.
   *
   * @return the acknowledged ids, or null when the breaker let no run through
   */
  private Set<String> publishTraced(
      Destination.Kind kind,
      OutboxPublisher publisher,
      List<OutboxMessage> messages,
      boolean probe) {
    Map<List<Object>, List<OutboxMessage>> runs = new LinkedHashMap<>();
    for (OutboxMessage message : messages) {
      runs.computeIfAbsent(
              List.of(message.destination().name(), message.traceContext()), k -> new ArrayList<>())
          .add(message);
    }
    Set<String> acknowledged = new HashSet<>();
    Breaker breaker = breakers.get(kind);
    for (List<OutboxMessage> run : runs.values()) {
      OutboxMessage first = run.get(0);
      Supplier<Set<String>> attempt =
          () -> {
            Span span =
                tracing.startPublish(
                    messagingSystem(kind),
                    first.destination().name(),
                    first.traceContext(),
                    run.size(),
                    first.tenantId());
            return Tracing.within(
                span,
                () -> {
                  Set<String> taken = publisher.publish(run);
                  if (taken.size() < run.size()) {
                    span.setStatus(StatusCode.ERROR, "not acknowledged");
                  }
                  return taken;
                });
          };
      Set<String> acks =
          probe
              ? breaker.probe(attempt, taken -> taken.size() < run.size())
              : breaker.call(attempt, taken -> taken.size() < run.size(), () -> null);
      if (acks == null) {
        return acknowledged.isEmpty() ? null : acknowledged;
      }
      acknowledged.addAll(acks);
      if (acks.size() < run.size()) {
        break;
      }
    }
    return acknowledged;
  }

  private static String messagingSystem(Destination.Kind kind) {
    return switch (kind) {
      case KAFKA -> "kafka";
      case SNS -> "aws_sns";
      case SQS -> "aws_sqs";
    };
  }

  /** What is left of a partly published row: its unacknowledged messages, one attempt more. */
  private void keepOnly(long seq, List<OutboxMessage> left, String error) {
    sql.update(
        "UPDATE outbox SET message_count = ?, messages = ?, attempts = attempts + 1,"
            + " last_error = ? WHERE seq = ?",
        s -> {
          s.setInt(1, left.size());
          s.setBytes(2, PackedMessages.pack(left));
          s.setString(3, error);
          s.setLong(4, seq);
        });
  }

  /**
   * Losing a relay transaction's commit in a crash only republishes (consumers dedupe on the event
   * id), so it need not wait for the WAL flush.
   */
  private void asyncCommit() {
    sql.update("SET LOCAL synchronous_commit TO OFF", s -> {});
  }

  /**
   * {@link #asyncCommit}, and the server ends the session if the transaction waits on this client
   * longer than {@code sac4cps.outbox.hold-timeout} (30 s): a background publish on a thread that
   * Lambda froze, or whose instance is gone, holds its rows' locks no longer than that, and then
   * the scheduled relay publishes them (decision 0075).
   */
  private void asyncCommitHeldAtMost() {
    sql.query(
        "SELECT set_config('synchronous_commit', 'off', true),"
            + " set_config('idle_in_transaction_session_timeout', ?, true)",
        s -> s.setString(1, holdTimeout.toMillis() + "ms"),
        rs -> rs.getString(1));
  }
}
