package io.sac4cps.identity.service;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.identity.domain.Client;
import io.sac4cps.identity.domain.RoleRules;
import io.sac4cps.identity.domain.SecretTokens;
import io.sac4cps.identity.store.ClientStore;
import io.sac4cps.platform.jdbc.StoreException;
import io.sac4cps.platform.problem.FieldChecks;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.platform.security.Caller;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** POST /clients: an admin creates a device or service client in their own tenant. */
@Singleton
public class Clients {
  static final int MAX_DESCRIPTION = 1000;

  /** The new client and its secret, which exists in this response only. */
  public record Created(Client client, String secret) {}

  private final TransactionOperations<Connection> transactions;
  private final ClientStore clients;
  private final Clock clock;

  Clients(TransactionOperations<Connection> transactions, ClientStore clients, Clock clock) {
    this.transactions = transactions;
    this.clients = clients;
    this.clock = clock;
  }

  public Created create(Caller admin, String name, String description, List<String> roles) {
    new FieldChecks()
        .text("name", name, true, Registration.MAX_NAME)
        .text("description", description, false, MAX_DESCRIPTION)
        .check("roles", RoleRules.problem(roles, RoleRules.CLIENT_ROLES))
        .orThrow();
    Client client =
        new Client(
            UUID.randomUUID().toString(),
            admin.tenantId(),
            name.strip(),
            description == null ? null : description.strip(),
            roles,
            clock.instant().truncatedTo(ChronoUnit.MICROS));
    String secret = SecretTokens.newSecret();
    try {
      transactions.executeWrite(
          status -> {
            clients.insert(client, SecretTokens.digest(secret));
            return null;
          });
    } catch (StoreException e) {
      if (e.isUniqueViolation()) {
        throw ProblemException.conflict("A client named '" + client.name() + "' already exists.");
      }
      throw e;
    }
    return new Created(client, secret);
  }
}
