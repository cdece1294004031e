package io.sac4cps.platform.outbox;

import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what the outbox holds, oldest first, and deletes what the broker acknowledged. Rows are
 * claimed with {@code FOR UPDATE SKIP LOCKED}, so relays running at once (after a request, on a
 * schedule, in several Lambdas) never publish the same row concurrently. A crash between the
 * broker's ack and the delete republishes a message: consumers dedupe on the event id.
 */
@Singleton
public class OutboxRelay {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final String CLAIM =
      "SELECT id, destination_kind, destination, message_key, payload FROM outbox"
          + " ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED";

  private final TransactionOperations<Connection> transactions;
  private final Map<Destination.Kind, OutboxPublisher> publishers =
      new EnumMap<>(Destination.Kind.class);
  private final int batchSize;
  private final long backoffMillis;
  private volatile long backoffUntil;

  public OutboxRelay(
      TransactionOperations<Connection> transactions,
      List<OutboxPublisher> publishers,
      @Value("${sac4cps.outbox.batch-size:1000}") int batchSize,
      @Value("${sac4cps.outbox.backoff:30s}") java.time.Duration backoff) {
    this.transactions = transactions;
    publishers.forEach(p -> this.publishers.put(p.kind(), p));
    this.batchSize = batchSize;
    this.backoffMillis = backoff.toMillis();
  }

  /**
   * What a request calls right after its commit: relays unless a recent relay failed, so that with
   * the broker down requests are not slowed by one bounded wait each; the scheduled relay ({@link
   * OutboxRelayHandler}) keeps draining meanwhile.
   */
  public int relayUnlessBackingOff() {
    return System.currentTimeMillis() < backoffUntil ? 0 : relayPending();
  }

  /**
   * Publishes pending messages until the outbox is empty or a batch could not be fully published.
   *
   * @return how many messages were published
   */
  public int relayPending() {
    int published = 0;
    while (true) {
      Batch batch = transactions.executeWrite(status -> relayBatch(status.getConnection()));
      published += batch.published();
      if (batch.published() < batch.claimed()) {
        backoffUntil = System.currentTimeMillis() + backoffMillis;
        return published;
      }
      backoffUntil = 0;
      if (batch.claimed() < batchSize) {
        return published;
      }
    }
  }

  /** How many messages wait to be published. */
  public long pending() {
    return transactions.executeRead(
        status -> {
          try (PreparedStatement count =
                  status.getConnection().prepareStatement("SELECT count(*) FROM outbox");
              ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private record Batch(int claimed, int published) {}

  private Batch relayBatch(Connection connection) throws SQLException {
    // Losing this transaction's commit in a crash only republishes (consumers dedupe on the event
    // id), so it need not wait for the WAL flush.
    try (PreparedStatement asyncCommit =
        connection.prepareStatement("SET LOCAL synchronous_commit TO OFF")) {
      asyncCommit.execute();
    }
    Map<Destination.Kind, List<OutboxMessage>> byKind = new EnumMap<>(Destination.Kind.class);
    int claimed = 0;
    try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
      claim.setInt(1, batchSize);
      try (ResultSet rs = claim.executeQuery()) {
        while (rs.next()) {
          claimed++;
          Destination.Kind kind =
              Destination.Kind.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT));
          byKind
              .computeIfAbsent(kind, k -> new ArrayList<>())
              .add(
                  new OutboxMessage(
                      rs.getString(1),
                      new Destination(kind, rs.getString(3)),
                      rs.getString(4),
                      rs.getString(5)));
        }
      }
    }
    int published = 0;
    for (var entry : byKind.entrySet()) {
      OutboxPublisher publisher = publishers.get(entry.getKey());
      List<OutboxMessage> messages = entry.getValue();
      Set<String> acknowledged = publisher == null ? Set.of() : publisher.publish(messages);
      published += acknowledged.size();
      List<String> unacknowledged =
          messages.stream()
              .map(OutboxMessage::id)
              .filter(id -> !acknowledged.contains(id))
              .toList();
      execute(connection, "DELETE FROM outbox WHERE id = ANY (?)", null, acknowledged);
      execute(
          connection,
          "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ANY (?)",
          publisher == null ? "no publisher for " + entry.getKey() : "not acknowledged",
          unacknowledged);
      if (acknowledged.size() < messages.size()) {
        LOG.warn(
            "outbox: {} of {} {} messages not published; they stay for the next relay",
            messages.size() - acknowledged.size(),
            messages.size(),
            entry.getKey());
      }
    }
    return new Batch(claimed, published);
  }

  /** One statement for all ids: {@code sql} takes an optional text parameter, then the id array. */
  private static void execute(
      Connection connection, String sql, String text, Collection<String> ids) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int index = 1;
      if (text != null) {
        statement.setString(index++, text);
      }
      statement.setArray(index, connection.createArrayOf("text", ids.toArray(String[]::new)));
      statement.executeUpdate();
    }
  }
}
