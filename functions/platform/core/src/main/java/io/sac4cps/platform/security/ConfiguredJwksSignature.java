package io.sac4cps.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import io.sac4cps.platform.keys.PublishedKeys;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Verifies RS256 tokens against identity's published keys ({@link PublishedKeys}): those of the
 * configuration ({@code SAC4CPS_SECURITY_JWKS}), so there is no network call at cold start or on
 * the hot path, refreshed from identity's JWKS ({@code SAC4CPS_SECURITY_JWKS_URL}) when a token
 * names a key not yet known, as after a key rotation (decision 0061). The token's {@code kid} picks
 * the key.
 */
@Singleton
@Named("sac4cps")
@Requires(property = "sac4cps.security.jwks")
public class ConfiguredJwksSignature implements SignatureConfiguration {
  private final PublishedKeys keys;

  /** The key of a priming run (platform's PrimingRequests), trusted only while it runs. */
  private volatile RSAKey primingKey;

  public ConfiguredJwksSignature(
      @Property(name = "sac4cps.security.jwks") String jwks,
      @Nullable @Property(name = "sac4cps.security.jwks-url") String jwksUrl,
      Clock clock) {
    this.keys = PublishedKeys.of(jwks, jwksUrl, clock);
  }

  @Override
  public String supportedAlgorithmsMessage() {
    return "Only the RS256 JWS algorithm is supported";
  }

  @Override
  public boolean supports(JWSAlgorithm algorithm) {
    return JWSAlgorithm.RS256.equals(algorithm);
  }

  /**
   * Runs {@code work} trusting {@code key} as well: SnapStart priming sends requests with tokens it
   * signs itself. Priming runs before the snapshot, when Lambda sends the function no invocation,
   * and the key is forgotten before the snapshot is taken.
   */
  public <T> T trusting(RSAKey key, Supplier<T> work) {
    primingKey = key;
    try {
      return work.get();
    } finally {
      primingKey = null;
    }
  }

  @Override
  public boolean verify(SignedJWT jwt) throws JOSEException {
    String keyId = jwt.getHeader().getKeyID();
    RSAKey priming = primingKey;
    if (priming != null && priming.getKeyID().equals(keyId)) {
      return jwt.verify(new RSASSAVerifier(priming.toRSAPublicKey()));
    }
    RSASSAVerifier verifier = keys.verifier(keyId).orElse(null);
    return verifier != null && jwt.verify(verifier);
  }
}
