package io.sac4cps.identity.store;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Runs SQL on the connection of the caller's transaction (services open one with {@link
 * TransactionOperations}); the stores share it so each one is only its SQL and row mapping.
 */
@Singleton
class JdbcStatements {
  /** SQLSTATE of a unique constraint violation. */
  static final String UNIQUE_VIOLATION = "23505";

  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  private final TransactionOperations<Connection> transactions;

  JdbcStatements(TransactionOperations<Connection> transactions) {
    this.transactions = transactions;
  }

  <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
    try (PreparedStatement statement = connection().prepareStatement(sql)) {
      binder.bind(statement);
      try (ResultSet rows = statement.executeQuery()) {
        List<T> result = new ArrayList<>();
        while (rows.next()) {
          result.add(mapper.map(rows));
        }
        return result;
      }
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  /** The first row's value; empty when there is no row or the mapper maps it to null. */
  <T> Optional<T> queryOne(String sql, Binder binder, RowMapper<T> mapper) {
    List<T> rows = query(sql, binder, mapper);
    return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
  }

  int update(String sql, Binder binder) {
    try (PreparedStatement statement = connection().prepareStatement(sql)) {
      binder.bind(statement);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  Array textArray(Collection<String> values) throws SQLException {
    return connection().createArrayOf("text", values.toArray());
  }

  static List<String> strings(ResultSet row, String column) throws SQLException {
    Array array = row.getArray(column);
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }

  static Instant instant(ResultSet row, String column) throws SQLException {
    Timestamp value = row.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private Connection connection() {
    return transactions.getConnection();
  }
}
