package io.sac4cps.notifications.domain;

import java.time.Instant;
import java.util.Set;

/** A user of a tenant as notifications knows them (learnt from user.registered.v1). */
public record Recipient(
    String tenantId,
    String userId,
    String email,
    String name,
    Set<String> roles,
    Instant registeredAt) {

  public Recipient {
    roles = Set.copyOf(roles);
  }

  public boolean hasAnyRole(Set<String> wanted) {
    return roles.stream().anyMatch(wanted::contains);
  }
}
