package io.sac4cps.testkit.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.sac4cps.contracts.api.Tokens;
import io.sac4cps.platform.config.PlatformDefaults;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Mints RS256 tokens shaped like identity's (sub, tenant, roles, iss, aud, exp) for tests, signed
 * by a key made once per test JVM. {@link #configuration()} is what a function under test needs to
 * trust them; {@link #foreignKey()} signs tokens that must be rejected.
 */
public final class TestTokens {
  public static final String ISSUER = Tokens.LOCAL_ISSUER;
  public static final String AUDIENCE = Tokens.AUDIENCE;

  private static final RSAKey TRUSTED = generate("test-trusted");
  private static final RSAKey FOREIGN = generate("test-foreign");

  private TestTokens() {}

  /** The public JWKS the functions under test trust. */
  public static String jwks() {
    return new JWKSet(TRUSTED.toPublicJWK()).toString();
  }

  /** Micronaut properties that make a function trust these tokens. */
  public static Map<String, Object> configuration() {
    return Map.of(
        "sac4cps.security.jwks",
        jwks(),
        PlatformDefaults.ISSUER,
        ISSUER,
        PlatformDefaults.AUDIENCE,
        AUDIENCE);
  }

  /** A valid token for {@code subject} in {@code tenant} with {@code roles}. */
  public static String token(String subject, String tenant, String... roles) {
    return builder().subject(subject).tenant(tenant).roles(roles).sign();
  }

  /** "Bearer " + {@link #token}. */
  public static String bearer(String subject, String tenant, String... roles) {
    return "Bearer " + token(subject, tenant, roles);
  }

  public static RSAKey foreignKey() {
    return FOREIGN;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** For tokens that are wrong in one way: expired, other audience, other key, no tenant. */
  public static final class Builder {
    private String subject = "user-" + UUID.randomUUID();
    private String tenant = "tenant-" + UUID.randomUUID();
    private List<String> roles = List.of("admin");
    private String issuer = ISSUER;
    private String audience = AUDIENCE;
    private Instant expiresAt = Instant.now().plus(Duration.ofMinutes(15));
    private RSAKey key = TRUSTED;

    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    public Builder tenant(String tenant) {
      this.tenant = tenant;
      return this;
    }

    public Builder roles(String... roles) {
      this.roles = List.of(roles);
      return this;
    }

    public Builder issuer(String issuer) {
      this.issuer = issuer;
      return this;
    }

    public Builder audience(String audience) {
      this.audience = audience;
      return this;
    }

    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    public Builder signedWith(RSAKey key) {
      this.key = key;
      return this;
    }

    /** Unsigned, {@code alg: none}: what no function may accept. */
    public String unsigned() {
      return new PlainJWT(claims()).serialize();
    }

    /**
     * HS256 keyed with the trusted key's public half: the algorithm-confusion attack on verifiers
     * that take the algorithm from the token.
     */
    public String signedWithPublicKeyAsHmacSecret() {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(), claims());
      try {
        jwt.sign(new MACSigner(key.toPublicJWK().toRSAPublicKey().getEncoded()));
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
      return jwt.serialize();
    }

    private JWTClaimsSet claims() {
      JWTClaimsSet.Builder claims =
          new JWTClaimsSet.Builder()
              .subject(subject)
              .issuer(issuer)
              .audience(audience)
              .issueTime(new Date())
              .expirationTime(Date.from(expiresAt))
              .jwtID(UUID.randomUUID().toString())
              .claim("roles", roles);
      if (tenant != null) {
        claims.claim("tenant", tenant);
      }
      return claims.build();
    }

    public String sign() {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims());
      try {
        jwt.sign(new RSASSASigner(key));
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
      return jwt.serialize();
    }
  }

  private static RSAKey generate(String keyId) {
    try {
      return new RSAKeyGenerator(2048).keyID(keyId).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
