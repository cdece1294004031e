package io.sac4cps.notifications.domain;

import java.time.Instant;
import java.util.Set;

/** An open WebSocket connection of a user, as the authorizer identified them at $connect. */
public record Connection(
    String connectionId,
    String tenantId,
    String userId,
    Set<String> roles,
    Instant connectedAt,
    Instant expiresAt) {

  public Connection {
    roles = Set.copyOf(roles);
  }
}
