package io.sac4cps.identity.domain;

import java.time.Instant;
import java.util.List;

/** A person who logs in with email and password; belongs to exactly one tenant. */
public record User(
    String id,
    String tenantId,
    String organization,
    EmailAddress email,
    String name,
    List<String> roles,
    Instant createdAt) {

  public User {
    roles = List.copyOf(roles);
  }
}
