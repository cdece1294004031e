package io.sac4cps.identity.api;

import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.identity.domain.User;
import java.util.List;

/** 201 body of POST /auth/register. */
@Serdeable
public record RegisteredUser(
    String id, String email, String name, String tenantId, List<String> roles) {

  static RegisteredUser of(User user) {
    return new RegisteredUser(
        user.id(), user.email().value(), user.name(), user.tenantId(), user.roles());
  }
}
