package io.sac4cps.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Verifies RS256 tokens against identity's public keys given as a JWKS document in configuration
 * ({@code SAC4CPS_SECURITY_JWKS}): no network call on the hot path or at cold start. Several keys
 * may be listed during a key rotation; the token's {@code kid} picks one.
 */
@Singleton
@Named("sac4cps")
@Requires(property = "sac4cps.security.jwks")
public class ConfiguredJwksSignature implements SignatureConfiguration {
  private final Map<String, RSASSAVerifier> verifiersByKeyId = new HashMap<>();
  private RSASSAVerifier onlyVerifier;

  /** The key of a priming run (platform's PrimingRequests), trusted only while it runs. */
  private volatile RSAKey primingKey;

  public ConfiguredJwksSignature(@Property(name = "sac4cps.security.jwks") String jwks)
      throws ParseException, JOSEException {
    for (JWK key : JWKSet.parse(jwks).getKeys()) {
      if (key instanceof RSAKey rsa) {
        RSASSAVerifier verifier = new RSASSAVerifier(rsa.toRSAPublicKey());
        verifiersByKeyId.put(String.valueOf(rsa.getKeyID()), verifier);
        onlyVerifier = verifier;
      }
    }
    if (verifiersByKeyId.isEmpty()) {
      throw new IllegalArgumentException("sac4cps.security.jwks holds no RSA public key");
    }
    if (verifiersByKeyId.size() > 1) {
      onlyVerifier = null;
    }
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
    RSASSAVerifier verifier = keyId != null ? verifiersByKeyId.get(keyId) : onlyVerifier;
    return verifier != null && jwt.verify(verifier);
  }
}
