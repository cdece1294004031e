package io.sac4cps.identity.domain;

import static io.sac4cps.platform.security.Roles.ADMIN;
import static io.sac4cps.platform.security.Roles.DEVICE;
import static io.sac4cps.platform.security.Roles.OPERATOR;
import static io.sac4cps.platform.security.Roles.VIEWER;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which roles go to whom: people are admin, operator or viewer; clients are device (a sensor
 * gateway), operator or viewer, never admin, so a leaked client secret cannot manage the tenant.
 */
public final class RoleRules {
  public static final Set<String> USER_ROLES = Set.of(ADMIN, OPERATOR, VIEWER);
  public static final Set<String> CLIENT_ROLES = Set.of(DEVICE, OPERATOR, VIEWER);

  /** The first user of a new tenant. */
  public static final List<String> FOUNDER = List.of(ADMIN);

  /** A user an admin adds without naming roles. */
  public static final List<String> DEFAULT_MEMBER = List.of(VIEWER);

  private RoleRules() {}

  /** What is wrong with {@code roles} drawn from {@code allowed}, or empty if they are fine. */
  public static Optional<String> problem(Collection<String> roles, Set<String> allowed) {
    if (roles == null || roles.isEmpty()) {
      return Optional.of("must name at least one role");
    }
    if (new LinkedHashSet<>(roles).size() != roles.size()) {
      return Optional.of("must not repeat a role");
    }
    for (String role : roles) {
      if (!allowed.contains(role)) {
        return Optional.of(
            "must be among " + allowed.stream().sorted().toList() + ", not '" + role + "'");
      }
    }
    return Optional.empty();
  }
}
