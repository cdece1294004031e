package io.sac4cps.identity.token;

import io.micronaut.context.annotation.Value;
import io.micronaut.security.token.jwt.generator.JwtTokenGenerator;
import io.sac4cps.platform.config.PlatformDefaults;
import io.sac4cps.platform.security.Caller;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Mints the RS256 access tokens every function trusts: {@code iss}, {@code aud}, {@code sub}, the
 * caller's {@code tenant} and {@code roles}, {@code iat}, {@code exp} and a {@code jti}, signed by
 * {@link SigningKey} through micronaut-security-jwt's generator.
 */
@Singleton
public class AccessTokens {

  /** A signed token and its lifetime in seconds (the {@code expiresIn} of token responses). */
  public record Issued(String token, long expiresIn) {}

  private final JwtTokenGenerator generator;
  private final String issuer;
  private final String audience;
  private final Duration lifetime;
  private final Clock clock;

  public AccessTokens(
      JwtTokenGenerator generator,
      @Value("${" + PlatformDefaults.ISSUER + "}") String issuer,
      @Value("${" + PlatformDefaults.AUDIENCE + "}") String audience,
      @Value("${sac4cps.identity.access-token-lifetime:15m}") Duration lifetime,
      Clock clock) {
    this.generator = generator;
    this.issuer = issuer;
    this.audience = audience;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  public Issued issue(String subject, String tenantId, Collection<String> roles) {
    Instant now = clock.instant();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", issuer);
    claims.put("aud", audience);
    claims.put("sub", subject);
    claims.put(Caller.TENANT_CLAIM, tenantId);
    claims.put(Caller.ROLES_CLAIM, List.copyOf(roles));
    claims.put("iat", Date.from(now));
    claims.put("exp", Date.from(now.plus(lifetime)));
    claims.put("jti", UUID.randomUUID().toString());
    String token =
        generator
            .generateToken(claims)
            .orElseThrow(() -> new IllegalStateException("the access token could not be signed"));
    return new Issued(token, lifetime.toSeconds());
  }
}
