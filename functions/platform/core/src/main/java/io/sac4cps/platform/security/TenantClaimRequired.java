package io.sac4cps.platform.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;

/**
 * A token without a tenant claim is not a token of this platform: refused as invalid (401) when it
 * is validated, instead of failing later where {@link Caller} needs the tenant (a 500).
 */
@Singleton
public class TenantClaimRequired implements GenericJwtClaimsValidator<HttpRequest<?>> {
  @Override
  public boolean validate(Claims claims, @Nullable HttpRequest<?> request) {
    return claims.get(Caller.TENANT_CLAIM) instanceof String tenant && !tenant.isBlank();
  }
}
