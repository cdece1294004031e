package io.sac4cps.identity.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.jwt.signature.SignatureGeneratorConfiguration;
import io.sac4cps.platform.keys.SigningKeyRing;
import io.sac4cps.platform.secrets.SecretsExtension;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * identity's signing keys ({@link SigningKeyRing}, decision 0061): micronaut-security-jwt's {@code
 * JwtTokenGenerator} signs with the ring's active key (bean name {@code generator}), and identity's
 * validator trusts every key the ring publishes, so identity accepts its own tokens across a
 * rotation without listing its keys in {@code sac4cps.security.jwks}.
 *
 * <p>Where the ring comes from, first match wins: {@code sac4cps.identity.signing-key} (a ring or a
 * bare private JWK); the secret {@code sac4cps.identity.signing-key-secret-id}, read through the
 * Parameters and Secrets Lambda Extension (AWS) and read again once {@code
 * sac4cps.identity.signing-key-refresh} (5 minutes) has passed, so a rotation reaches every
 * instance, a restored SnapStart snapshot included, within that time; a ring generated at startup
 * when {@code sac4cps.identity.ephemeral-signing-key} is true (tests and single-process local runs
 * only: every instance would make its own). Otherwise startup fails.
 */
@Singleton
@Named("generator")
public class SigningKey implements SignatureGeneratorConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(SigningKey.class);

  private final Supplier<String> store;
  private final Duration refresh;
  private final Clock clock;
  private volatile Loaded loaded;

  /** The ring as last read, with what signs and what verifies made once. */
  private record Loaded(SigningKeyRing ring, RSASSASigner signer, Instant at) {}

  public SigningKey(
      @Nullable @Property(name = "sac4cps.identity.signing-key") String ring,
      @Nullable @Property(name = "sac4cps.identity.signing-key-secret-id") String secretId,
      @Value("${sac4cps.identity.ephemeral-signing-key:false}") boolean ephemeral,
      @Value("${sac4cps.identity.signing-key-refresh:5m}") Duration refresh,
      Provider<SecretsExtension> secrets,
      Clock clock) {
    this.refresh = refresh;
    this.clock = clock;
    if (ring != null && !ring.isBlank()) {
      this.store = null;
      this.loaded = load(SigningKeyRing.parse(ring));
    } else if (secretId != null && !secretId.isBlank()) {
      this.store = () -> secrets.get().secretString(secretId);
      this.loaded = load(SigningKeyRing.parse(store.get()));
    } else if (ephemeral) {
      this.store = null;
      this.loaded = load(SigningKeyRing.generate());
      LOG.warn(
          "signing access tokens with a key generated at startup ({}): tokens die with this process",
          keyId());
    } else {
      throw new IllegalStateException(
          "no signing key: set sac4cps.identity.signing-key (a private RSA JWK or key ring) or"
              + " sac4cps.identity.signing-key-secret-id (a Secrets Manager secret holding one)");
    }
  }

  private Loaded load(SigningKeyRing ring) {
    try {
      return new Loaded(ring, new RSASSASigner(ring.active()), clock.instant());
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the active signing key is not a usable RSA key");
    }
  }

  /** The ring, read again from its secret when the last read is older than the refresh time. */
  private Loaded current() {
    Loaded current = loaded;
    if (store == null || clock.instant().isBefore(current.at().plus(refresh))) {
      return current;
    }
    synchronized (this) {
      if (loaded != current) {
        return loaded;
      }
      try {
        Loaded read = load(SigningKeyRing.parse(store.get()));
        if (!read.ring().active().getKeyID().equals(current.ring().active().getKeyID())) {
          LOG.info("signing with key {} from now on", read.ring().active().getKeyID());
        }
        loaded = read;
      } catch (RuntimeException e) {
        // Keep signing with the key we have (still published); try again at the next refresh.
        LOG.warn("cannot read the signing key ring again: {}", e.getMessage());
        loaded = new Loaded(current.ring(), current.signer(), clock.instant());
      }
      return loaded;
    }
  }

  /** The id of the key that signs now. */
  public String keyId() {
    return current().ring().active().getKeyID();
  }

  /** The public keys that verify identity's tokens now, as published in the JWKS. */
  public JWKSet publicKeys() {
    return current().ring().publicKeys(clock.instant());
  }

  @Override
  public SignedJWT sign(JWTClaimsSet claims) throws JOSEException {
    Loaded current = current();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(current.ring().active().getKeyID())
                .build(),
            claims);
    jwt.sign(current.signer());
    return jwt;
  }

  @Override
  public String supportedAlgorithmsMessage() {
    return "Only the RS256 JWS algorithm is supported";
  }

  @Override
  public boolean supports(JWSAlgorithm algorithm) {
    return JWSAlgorithm.RS256.equals(algorithm);
  }

  /** Whether a key the ring publishes now signed {@code jwt}. */
  @Override
  public boolean verify(SignedJWT jwt) throws JOSEException {
    String keyId = jwt.getHeader().getKeyID();
    JWK key = keyId == null ? null : publicKeys().getKeyByKeyId(keyId);
    return key instanceof RSAKey rsa && jwt.verify(new RSASSAVerifier(rsa.toRSAPublicKey()));
  }
}
