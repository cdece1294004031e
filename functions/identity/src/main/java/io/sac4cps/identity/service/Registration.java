package io.sac4cps.identity.service;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.identity.domain.EmailAddress;
import io.sac4cps.identity.domain.PasswordHasher;
import io.sac4cps.identity.domain.PasswordPolicy;
import io.sac4cps.identity.domain.RoleRules;
import io.sac4cps.identity.domain.User;
import io.sac4cps.identity.events.UserRegisteredEvents;
import io.sac4cps.identity.store.TenantStore;
import io.sac4cps.identity.store.UserStore;
import io.sac4cps.platform.jdbc.StoreException;
import io.sac4cps.platform.problem.FieldChecks;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.platform.security.Caller;
import io.sac4cps.platform.security.Roles;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * POST /auth/register. Without a token, a new organisation: a new tenant whose first user is its
 * admin. With an admin's token, a new member of the admin's own tenant with the roles given.
 */
@Singleton
public class Registration {
  static final int MAX_NAME = 200;

  public record Command(
      String email, String password, String name, String organization, List<String> roles) {}

  private final TransactionOperations<Connection> transactions;
  private final TenantStore tenants;
  private final UserStore users;
  private final PasswordHasher hasher;
  private final UserRegisteredEvents events;
  private final Clock clock;

  Registration(
      TransactionOperations<Connection> transactions,
      TenantStore tenants,
      UserStore users,
      PasswordHasher hasher,
      UserRegisteredEvents events,
      Clock clock) {
    this.transactions = transactions;
    this.tenants = tenants;
    this.users = users;
    this.hasher = hasher;
    this.events = events;
    this.clock = clock;
  }

  /**
   * @param admin the caller when the request carried a valid token, else null
   */
  public User register(Command command, @Nullable Caller admin) {
    if (admin != null && !admin.hasRole(Roles.ADMIN)) {
      throw ProblemException.forbidden("Only an admin can add users to a tenant.");
    }
    FieldChecks checks =
        new FieldChecks()
            .check("email", EmailAddress.problem(command.email()))
            .check("password", PasswordPolicy.problem(command.password(), command.email()))
            .text("name", command.name(), true, MAX_NAME);
    if (admin == null) {
      checks
          .text("organization", command.organization(), true, MAX_NAME)
          .absent("roles", command.roles(), "can only be given with an admin's token");
    } else {
      checks.absent(
          "organization", command.organization(), "must be absent: users join the admin's tenant");
      if (command.roles() != null) {
        checks.check("roles", RoleRules.problem(command.roles(), RoleRules.USER_ROLES));
      }
    }
    checks.orThrow();

    EmailAddress email = new EmailAddress(command.email());
    // Cheap refusal before the deliberately slow hash; the insert below still catches a race.
    if (transactions.executeRead(status -> users.emailTaken(email))) {
      throw emailTaken();
    }
    String passwordHash = hasher.hash(command.password());
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    User user;
    try {
      user =
          transactions.executeWrite(
              status -> {
                String tenantId;
                String organization;
                if (admin == null) {
                  tenantId = UUID.randomUUID().toString();
                  organization = command.organization().strip();
                  tenants.insert(tenantId, organization, now);
                } else {
                  tenantId = admin.tenantId();
                  organization =
                      tenants
                          .name(tenantId)
                          .orElseThrow(
                              () ->
                                  ProblemException.forbidden("The token's tenant does not exist."));
                }
                User created =
                    new User(
                        UUID.randomUUID().toString(),
                        tenantId,
                        organization,
                        email,
                        command.name().strip(),
                        admin == null
                            ? RoleRules.FOUNDER
                            : command.roles() == null ? RoleRules.DEFAULT_MEMBER : command.roles(),
                        now);
                users.insert(created, passwordHash);
                events.record(created);
                return created;
              });
    } catch (StoreException e) {
      if (e.isUniqueViolation()) {
        throw emailTaken();
      }
      throw e;
    }
    return user;
  }

  private static ProblemException emailTaken() {
    return ProblemException.conflict("An account with this email already exists.");
  }
}
