package io.sac4cps.notifications.domain;

import java.util.List;
import java.util.Set;

/** Whom a send is for: named users, users with one of some roles, or the whole tenant. */
public sealed interface Audience {
  record Users(List<String> userIds) implements Audience {}

  record Roles(Set<String> roles) implements Audience {}

  record Tenant() implements Audience {}
}
