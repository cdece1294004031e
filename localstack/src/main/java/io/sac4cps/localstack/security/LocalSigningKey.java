package io.sac4cps.localstack.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sac4cps.contracts.api.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The RS256 key of one local stack run. identity signs with it when it runs (it gets the private
 * JWK as its signing key); until then the stack mints the demo tokens with it itself. Every other
 * function trusts its public JWKS, as in AWS they trust identity's.
 */
public final class LocalSigningKey {
  public static final String ISSUER = Tokens.LOCAL_ISSUER;
  public static final String AUDIENCE = Tokens.AUDIENCE;

  private final RSAKey key;

  private LocalSigningKey(RSAKey key) {
    this.key = key;
  }

  public static LocalSigningKey generate() {
    try {
      return new LocalSigningKey(
          new RSAKeyGenerator(2048)
              .keyID("local-" + UUID.randomUUID().toString().substring(0, 8))
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.RS256)
              .generate());
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an RSA key", e);
    }
  }

  /** The public keys as a JWKS document, what {@code SAC4CPS_SECURITY_JWKS} holds. */
  public String publicJwks() {
    return new JWKSet(key.toPublicJWK()).toString();
  }

  /** The private JWK, identity's signing key. */
  public String privateJwk() {
    return key.toJSONString();
  }

  /** An access token shaped like identity's: sub, tenant, roles, iss, aud, iat, exp. */
  public String mint(String subject, String tenant, List<String> roles, Duration lifetime) {
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject(subject)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)))
            .jwtID(UUID.randomUUID().toString())
            .claim("tenant", tenant)
            .claim("roles", roles)
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
    return jwt.serialize();
  }
}
