package io.sac4cps.platform.jdbc;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Runs SQL on the connection of the current transaction, so a store is only its SQL and row
 * mapping. The rule for transactions: the use case (a function's {@code service}) opens them with
 * {@link TransactionOperations}; stores never do, and never take a {@link Connection}. A statement
 * outside a transaction fails. Every {@link SQLException} becomes a {@link StoreException}.
 */
@Singleton
public class JdbcStatements {
  /** SQLSTATE of a unique constraint violation. */
  public static final String UNIQUE_VIOLATION = "23505";

  /** Sets a statement's parameters. */
  @FunctionalInterface
  public interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** Maps the current row of a result. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  /** Sets the parameters of one item of a batch. */
  @FunctionalInterface
  public interface ItemBinder<E> {
    void bind(PreparedStatement statement, E item) throws SQLException;
  }

  private final TransactionOperations<Connection> transactions;

  public JdbcStatements(TransactionOperations<Connection> transactions) {
    this.transactions = transactions;
  }

  public <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
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
      throw new StoreException(sql, e);
    }
  }

  /** The first row's value; empty when there is no row or the mapper maps it to null. */
  public <T> Optional<T> queryOne(String sql, Binder binder, RowMapper<T> mapper) {
    List<T> rows = query(sql, binder, mapper);
    return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
  }

  /** Runs an INSERT, UPDATE or DELETE; returns the number of rows changed. */
  public int update(String sql, Binder binder) {
    try (PreparedStatement statement = connection().prepareStatement(sql)) {
      binder.bind(statement);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException(sql, e);
    }
  }

  /** One statement, executed for every item in one JDBC batch (one round trip). */
  public <E> void batch(String sql, Collection<E> items, ItemBinder<E> binder) {
    if (items.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = connection().prepareStatement(sql)) {
      for (E item : items) {
        binder.bind(statement, item);
        statement.addBatch();
      }
      statement.executeBatch();
    } catch (SQLException e) {
      throw new StoreException(sql, e);
    }
  }

  /**
   * {@link #update} inside a savepoint: false, with nothing changed and the transaction still
   * usable, when the statement hits a unique constraint. For a fast plain insert that falls back to
   * a slower conflict-tolerant one only when it must (sensors' readings).
   */
  public boolean updateUnlessDuplicate(String sql, Binder binder) {
    Connection connection = connection();
    Savepoint savepoint;
    try {
      savepoint = connection.setSavepoint();
    } catch (SQLException e) {
      throw new StoreException("SAVEPOINT", e);
    }
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      binder.bind(statement);
      statement.executeUpdate();
      connection.releaseSavepoint(savepoint);
      return true;
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw new StoreException(sql, e);
      }
      try {
        connection.rollback(savepoint);
      } catch (SQLException rollback) {
        throw new StoreException("ROLLBACK TO SAVEPOINT", rollback);
      }
      return false;
    }
  }

  /** A SQL array of {@code type} ({@code text}, {@code float8}, …) for an array parameter. */
  public Array array(String type, Object[] values) throws SQLException {
    return connection().createArrayOf(type, values);
  }

  public Array textArray(Collection<?> values) throws SQLException {
    return array("text", values.toArray());
  }

  public static List<String> strings(ResultSet row, String column) throws SQLException {
    Array array = row.getArray(column);
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }

  public static Instant instant(ResultSet row, String column) throws SQLException {
    Timestamp value = row.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  public static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  /** A nullable double column: null rather than JDBC's 0. */
  public static Double nullableDouble(ResultSet row, String column) throws SQLException {
    double value = row.getDouble(column);
    return row.wasNull() ? null : value;
  }

  /** A nullable integer column: null rather than JDBC's 0. */
  public static Integer nullableInt(ResultSet row, String column) throws SQLException {
    int value = row.getInt(column);
    return row.wasNull() ? null : value;
  }

  public static void setDouble(PreparedStatement statement, int index, Double value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.DOUBLE);
    } else {
      statement.setDouble(index, value);
    }
  }

  public static void setInt(PreparedStatement statement, int index, Integer value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.INTEGER);
    } else {
      statement.setInt(index, value);
    }
  }

  private Connection connection() {
    return transactions.getConnection();
  }
}
