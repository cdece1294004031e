package io.sac4cps.identity.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.text.ParseException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * RS256 signing keys as private JWKs: the format of {@code sac4cps.identity.signing-key} and of the
 * secret in Secrets Manager. {@link #main} prints a new one (private JWK, then its public JWKS) for
 * an operator or the local stack to store.
 */
public final class SigningKeys {
  public static final int MIN_BITS = 2048;

  private SigningKeys() {}

  /** A new 2048-bit RSA key whose id says when it was made. */
  public static RSAKey generate() {
    String keyId =
        LocalDate.now(ZoneOffset.UTC) + "-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      return new RSAKeyGenerator(MIN_BITS)
          .keyID(keyId)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an RSA key", e);
    }
  }

  /**
   * Parses a private RSA JWK and checks it can sign RS256 tokens others can tell apart by key id.
   *
   * @throws IllegalArgumentException naming what is wrong, never echoing key material
   */
  public static RSAKey parsePrivate(String json) {
    JWK jwk;
    try {
      jwk = JWK.parse(json);
    } catch (ParseException e) {
      throw new IllegalArgumentException("the signing key is not a JWK");
    }
    if (!(jwk instanceof RSAKey rsa) || !rsa.isPrivate()) {
      throw new IllegalArgumentException("the signing key must be a private RSA JWK");
    }
    if (rsa.getKeyID() == null || rsa.getKeyID().isBlank()) {
      throw new IllegalArgumentException("the signing key must have a key id (kid)");
    }
    if (rsa.size() < MIN_BITS) {
      throw new IllegalArgumentException(
          "the signing key must have at least " + MIN_BITS + " bits");
    }
    return rsa;
  }

  public static void main(String[] args) {
    RSAKey key = generate();
    System.out.println(key.toJSONString());
    System.out.println(new com.nimbusds.jose.jwk.JWKSet(key.toPublicJWK()).toString());
  }
}
