package io.sac4cps.platform.outbox;

import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.TransactionStatus;
import io.micronaut.transaction.support.TransactionSynchronization;
import io.sac4cps.contracts.events.CloudEvent;
import io.sac4cps.platform.jdbc.JdbcStatements;
import io.sac4cps.platform.telemetry.TraceContext;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records events in the caller's transaction, so an event exists exactly when the state change it
 * describes was committed, and publishes them from memory right after that commit ({@link
 * OutboxRelay#publishCommitted}). Nothing is published when the transaction rolls back; what the
 * broker did not take stays for the scheduled relay ({@link OutboxRelayHandler}). Callers only
 * record: no use case or consumer calls the relay itself.
 *
 * <p>The messages one call records for one destination share a single row, compressed together by
 * {@link PackedMessages}: a request that stores 1000 readings writes one small outbox row, not
 * 1000.
 *
 * <p>The after-commit publish runs on the committing thread, unless the transaction ran inside
 * {@link #publishingInBackground}: then on {@link BackgroundPublishing}'s thread (decision 0075).
 */
@Singleton
public class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private static final String INSERT =
      "INSERT INTO outbox (destination_kind, destination, delay_seconds, message_count, messages)"
          + " VALUES (?, ?, ?, ?, ?) RETURNING seq";

  private final TransactionOperations<Connection> transactions;
  private final JdbcStatements sql;
  private final JsonMapper json;
  private final OutboxRelay relay;
  private final BackgroundPublishing background;
  private final ThreadLocal<Boolean> inBackground = ThreadLocal.withInitial(() -> false);

  public Outbox(
      TransactionOperations<Connection> transactions,
      JsonMapper json,
      OutboxRelay relay,
      BackgroundPublishing background) {
    this.transactions = transactions;
    this.sql = new JdbcStatements(transactions);
    this.json = json;
    this.relay = relay;
    this.background = background;
  }

  /**
   * Runs {@code work} so that what the transactions it commits recorded is published after each
   * commit on the outbox's publisher thread, one publish at a time, while this thread goes on (a
   * Kafka consumer's next batch). Nothing is lost if that publish never happens: the rows are
   * committed, and the scheduled relay publishes them. Call {@link #awaitBackgroundPublishes}
   * before this thread may be frozen (a Lambda invocation's end).
   */
  public <T> T publishingInBackground(Supplier<T> work) {
    boolean outer = inBackground.get();
    inBackground.set(true);
    try {
      return work.get();
    } finally {
      inBackground.set(outer);
    }
  }

  /** Waits for the background publish in flight, if any ({@link #publishingInBackground}). */
  public void awaitBackgroundPublishes() {
    background.awaitIdle();
  }

  /**
   * Serializes {@code event} (a CloudEvent record) for {@link #addAll}, stamped with the trace
   * context of the current span (the request or consumed batch that produced it) unless it has one.
   */
  public OutboxMessage message(String eventId, Destination destination, String key, Object event) {
    Object traced = event;
    if (event instanceof CloudEvent<?> cloudEvent && cloudEvent.traceparent() == null) {
      traced =
          TraceContext.current()
              .<Object>map(trace -> cloudEvent.tracedBy(trace.traceparent(), trace.tracestate()))
              .orElse(event);
    }
    try {
      return new OutboxMessage(eventId, destination, key, json.writeValueAsBytes(traced));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize event " + eventId, e);
    }
  }

  public List<OutboxBatch> add(OutboxMessage message) {
    return addAll(List.of(message));
  }

  /**
   * Must run inside the transaction that changes the state the messages describe (joined
   * transactions included: the batches wait for the outermost commit). Returns what was recorded,
   * one batch per destination; they are published after the commit without the caller doing
   * anything.
   */
  public List<OutboxBatch> addAll(Collection<OutboxMessage> messages) {
    if (messages.isEmpty()) {
      return List.of();
    }
    TransactionStatus<?> status =
        transactions
            .findTransactionStatus()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Outbox.addAll must run inside the state change's transaction"));
    Map<Destination, List<OutboxMessage>> byDestination = new LinkedHashMap<>();
    messages.forEach(
        m -> byDestination.computeIfAbsent(m.destination(), d -> new ArrayList<>()).add(m));
    List<OutboxBatch> batches = new ArrayList<>(byDestination.size());
    byDestination.forEach(
        (destination, group) -> {
          long seq =
              sql.queryOne(
                      INSERT,
                      s -> {
                        s.setString(1, destination.kind().column());
                        s.setString(2, destination.name());
                        s.setInt(3, destination.delaySeconds());
                        s.setInt(4, group.size());
                        s.setBytes(5, PackedMessages.pack(group));
                      },
                      rs -> rs.getLong(1))
                  .orElseThrow();
          batches.add(new OutboxBatch(seq, destination, group));
        });
    // A joined transaction's status hands the synchronization to the transaction that commits.
    status.registerSynchronization(new PublishAfterCommit(batches, inBackground.get()));
    return batches;
  }

  /** Publishes one addAll's batches once their transaction committed; a rollback drops it. */
  private final class PublishAfterCommit implements TransactionSynchronization {
    private final List<OutboxBatch> batches;
    private final boolean inBackground;

    PublishAfterCommit(List<OutboxBatch> batches, boolean inBackground) {
      this.batches = batches;
      this.inBackground = inBackground;
    }

    @Override
    public void afterCommit() {
      if (inBackground) {
        background.submit(this::publish);
      } else {
        publish();
      }
    }

    private void publish() {
      try {
        if (inBackground) {
          relay.publishCommittedInBackground(batches);
        } else {
          relay.publishCommitted(batches);
        }
      } catch (RuntimeException e) {
        // The state change is committed and so are its events: the scheduled relay retries.
        LOG.warn("outbox: publishing after commit failed; the scheduled relay will retry", e);
      }
    }
  }
}
