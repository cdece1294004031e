package io.sac4cps.identity.service;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.identity.domain.User;
import io.sac4cps.identity.store.UserStore;
import io.sac4cps.platform.paging.Cursor;
import io.sac4cps.platform.paging.Page;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.platform.security.Caller;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** GET /users/me and GET /users, always within the caller's tenant. */
@Singleton
public class Users {
  static final int DEFAULT_PAGE = 50;
  static final int MAX_PAGE = 100;

  private final TransactionOperations<Connection> transactions;
  private final UserStore users;

  Users(TransactionOperations<Connection> transactions, UserStore users) {
    this.transactions = transactions;
    this.users = users;
  }

  public User me(Caller caller) {
    return transactions
        .executeRead(status -> users.find(caller.tenantId(), caller.subject()))
        .orElseThrow(() -> ProblemException.notFound("User", caller.subject()));
  }

  public Page<User> list(Caller caller, String cursor, Integer limit) {
    int size = Cursor.limit(limit, DEFAULT_PAGE, MAX_PAGE);
    Instant afterCreatedAt = null;
    String afterId = null;
    if (cursor != null) {
      List<String> keys = Cursor.decode(cursor, 2);
      try {
        afterCreatedAt = Instant.parse(keys.get(0));
      } catch (DateTimeParseException e) {
        throw ProblemException.badRequest("cursor", "is not a cursor this API returned");
      }
      afterId = keys.get(1);
    }
    Instant createdAfter = afterCreatedAt;
    String idAfter = afterId;
    // One extra row tells whether there is a next page.
    List<User> rows =
        transactions.executeRead(
            status -> users.page(caller.tenantId(), createdAfter, idAfter, size + 1));
    if (rows.size() <= size) {
      return new Page<>(rows, null);
    }
    List<User> page = rows.subList(0, size);
    User last = page.get(size - 1);
    return new Page<>(List.copyOf(page), Cursor.encode(last.createdAt().toString(), last.id()));
  }
}
