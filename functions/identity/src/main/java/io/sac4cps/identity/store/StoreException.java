package io.sac4cps.identity.store;

import java.sql.SQLException;

/** A failed SQL statement; {@link #isUniqueViolation()} tells a duplicate apart from an outage. */
public class StoreException extends RuntimeException {

  StoreException(SQLException cause) {
    super(cause.getMessage(), cause);
  }

  public boolean isUniqueViolation() {
    return cause().getSQLState() != null
        && cause().getSQLState().equals(JdbcStatements.UNIQUE_VIOLATION);
  }

  private SQLException cause() {
    return (SQLException) getCause();
  }
}
