package io.sac4cps.identity.api;

import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.identity.domain.User;
import java.time.Instant;
import java.util.List;

/** A user as GET /users/me and GET /users show it; never the password hash. */
@Serdeable
public record UserResponse(
    String id,
    String email,
    String name,
    String tenantId,
    String organization,
    List<String> roles,
    Instant createdAt) {

  static UserResponse of(User user) {
    return new UserResponse(
        user.id(),
        user.email().value(),
        user.name(),
        user.tenantId(),
        user.organization(),
        user.roles(),
        user.createdAt());
  }
}
