package io.sac4cps.identity.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.jwt.endpoints.JwkProvider;
import io.micronaut.security.token.jwt.signature.rsa.RSASignatureGeneratorConfiguration;
import io.sac4cps.platform.secrets.SecretsExtension;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key identity signs access tokens with. micronaut-security-jwt's {@code JwtTokenGenerator}
 * signs with it (bean name {@code generator}) and its validator trusts it, so identity accepts its
 * own tokens without listing its key in {@code sac4cps.security.jwks}.
 *
 * <p>Where the key comes from, first match wins: {@code sac4cps.identity.signing-key} (a private
 * JWK); the secret {@code sac4cps.identity.signing-key-secret-id}, read through the Parameters and
 * Secrets Lambda Extension (AWS); a key generated at startup when {@code
 * sac4cps.identity.ephemeral-signing-key} is true (tests and single-process local runs only: every
 * instance would make its own). Otherwise startup fails.
 */
@Singleton
@Named("generator")
public class SigningKey implements RSASignatureGeneratorConfiguration, JwkProvider {
  private static final Logger LOG = LoggerFactory.getLogger(SigningKey.class);

  private final RSAKey key;
  private final RSAPrivateKey privateKey;
  private final RSAPublicKey publicKey;

  public SigningKey(
      @Nullable @Property(name = "sac4cps.identity.signing-key") String jwk,
      @Nullable @Property(name = "sac4cps.identity.signing-key-secret-id") String secretId,
      @Value("${sac4cps.identity.ephemeral-signing-key:false}") boolean ephemeral,
      Provider<SecretsExtension> secrets) {
    this.key = load(jwk, secretId, ephemeral, secrets);
    try {
      this.privateKey = key.toRSAPrivateKey();
      this.publicKey = key.toRSAPublicKey();
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the signing key is not a usable RSA key", e);
    }
  }

  private static RSAKey load(
      String jwk, String secretId, boolean ephemeral, Provider<SecretsExtension> secrets) {
    if (jwk != null && !jwk.isBlank()) {
      return SigningKeys.parsePrivate(jwk);
    }
    if (secretId != null && !secretId.isBlank()) {
      return SigningKeys.parsePrivate(secrets.get().secretString(secretId));
    }
    if (ephemeral) {
      RSAKey generated = SigningKeys.generate();
      LOG.warn(
          "signing access tokens with a key generated at startup ({}): tokens die with this process",
          generated.getKeyID());
      return generated;
    }
    throw new IllegalStateException(
        "no signing key: set sac4cps.identity.signing-key (a private RSA JWK) or"
            + " sac4cps.identity.signing-key-secret-id (a Secrets Manager secret holding one)");
  }

  public String keyId() {
    return key.getKeyID();
  }

  /** The public half, as published in the JWKS. */
  public RSAKey publicJwk() {
    return key.toPublicJWK();
  }

  @Override
  public RSAPrivateKey getPrivateKey() {
    return privateKey;
  }

  @Override
  public JWSAlgorithm getJwsAlgorithm() {
    return JWSAlgorithm.RS256;
  }

  @Override
  public RSAPublicKey getPublicKey() {
    return publicKey;
  }

  /** Lets micronaut-security-jwt put the key id in every token header. */
  @Override
  public List<JWK> retrieveJsonWebKeys() {
    return List.of(publicJwk());
  }
}
