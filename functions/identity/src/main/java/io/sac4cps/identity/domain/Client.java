package io.sac4cps.identity.domain;

import java.time.Instant;
import java.util.List;

/** A device or service that gets access tokens with the client_credentials grant. */
public record Client(
    String id,
    String tenantId,
    String name,
    String description,
    List<String> roles,
    Instant createdAt) {

  public Client {
    roles = List.copyOf(roles);
  }
}
