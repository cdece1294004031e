package io.sac4cps.platform.security;

import io.micronaut.security.authentication.Authentication;
import java.util.Collection;
import java.util.Set;

/**
 * Who is calling: the token's subject, tenant and roles. Every query and write of a function is
 * scoped by {@link #tenantId()}; controllers take a {@code Caller} parameter.
 */
public record Caller(String subject, String tenantId, Set<String> roles) {

  public static final String TENANT_CLAIM = "tenant";
  public static final String ROLES_CLAIM = "roles";

  public static Caller of(Authentication authentication) {
    Object tenant = authentication.getAttributes().get(TENANT_CLAIM);
    if (!(tenant instanceof String tenantId) || tenantId.isBlank()) {
      throw new IllegalStateException("authenticated token has no tenant claim");
    }
    Collection<String> roles = authentication.getRoles();
    return new Caller(authentication.getName(), tenantId, Set.copyOf(roles));
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
