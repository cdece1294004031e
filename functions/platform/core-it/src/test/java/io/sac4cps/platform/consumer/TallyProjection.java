package io.sac4cps.platform.consumer;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A small projection for the consumer tests: {@code tally.added.v1} events add {@code data.amount}
 * to their tenant's total in the {@code tally} table. Tenants in {@link #unavailable} fail as a
 * database outage would, until they are removed.
 */
public final class TallyProjection implements EventProjection<TallyProjection.Added> {
  static final String TYPE = "tally.added.v1";

  record Added(String tenantId, int amount) {}

  final Set<String> unavailable = ConcurrentHashMap.newKeySet();

  /** Runs before each event is added, inside the transaction (a fault test stops the database). */
  volatile Consumer<Added> beforeEach = event -> {};

  private final String consumer;
  private final String deadLetterQueue;
  private final TransactionOperations<Connection> transactions;

  public TallyProjection(
      String consumer, String deadLetterQueue, TransactionOperations<Connection> transactions) {
    this.consumer = consumer;
    this.deadLetterQueue = deadLetterQueue;
    this.transactions = transactions;
  }

  /** A {@code tally.added.v1} CloudEvent as producers write it. */
  public static String cloudEvent(String id, String tenant, int amount) {
    return "{\"specversion\":\"1.0\",\"id\":\""
        + id
        + "\",\"source\":\"/it\",\"type\":\""
        + TYPE
        + "\",\"tenantid\":\""
        + tenant
        + "\",\"data\":{\"amount\":"
        + amount
        + "}}";
  }

  /** The tenant's total, or null before its first event. */
  public Integer total(String tenant) {
    return transactions.executeRead(
        status -> {
          try (PreparedStatement query =
              status
                  .getConnection()
                  .prepareStatement("SELECT total FROM tally WHERE tenant_id = ?")) {
            query.setString(1, tenant);
            try (java.sql.ResultSet rs = query.executeQuery()) {
              return rs.next() ? rs.getInt(1) : null;
            }
          }
        });
  }

  @Override
  public String consumer() {
    return consumer;
  }

  @Override
  public String deadLetterQueue() {
    return deadLetterQueue;
  }

  @Override
  public Added decode(InboundEvent event) {
    if (!TYPE.equals(event.type())) {
      throw PoisonRecordException.unknownType(event.type());
    }
    JsonNode amount = event.data().get("amount");
    if (amount == null || !amount.isNumber()) {
      throw PoisonRecordException.schemaInvalid("data.amount must be a number");
    }
    return new Added(event.tenantId(), amount.getIntValue());
  }

  @Override
  public void apply(List<Added> events) {
    Connection connection = transactions.getConnection();
    try (PreparedStatement add =
        connection.prepareStatement(
            "INSERT INTO tally (tenant_id, total, events) VALUES (?, ?, 1) ON CONFLICT (tenant_id)"
                + " DO UPDATE SET total = tally.total + excluded.total, events = tally.events + 1")) {
      for (Added event : events) {
        if (unavailable.contains(event.tenantId())) {
          throw new IllegalStateException("tally store unavailable for " + event.tenantId());
        }
        beforeEach.accept(event);
        add.setString(1, event.tenantId());
        add.setInt(2, event.amount());
        add.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot add to the tally", e);
    }
  }
}
