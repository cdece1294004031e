package io.sac4cps.platform.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.lang.System.Logger.Level;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The RS256 public keys identity's tokens are verified with, by key id, as identity publishes them
 * (decision 0061). It starts from the JWKS of its configuration, so a cold start makes no network
 * call, and fetches the published JWKS again when a token names a key it does not know (the next
 * key after a rotation) or when what it holds is older than {@code maxAge} (so a key identity
 * withdrew stops being trusted here within that time). Fetches are at least {@code minInterval}
 * apart, whatever tokens arrive: a flood of made-up key ids costs one fetch per interval.
 *
 * <p>A key published with an {@code exp} (identity's previous keys carry their retire time,
 * decision 0067) is refused from that moment on, by this verifier's clock: a key retired by
 * rotation stops verifying when identity stops publishing it, not up to {@code maxAge} later. Only
 * a key withdrawn from the key store before its time (by hand) is trusted until the next fetch.
 *
 * <p>Logs key ids and where keys come from, never key material or tokens.
 */
public final class PublishedKeys {
  /** The shortest time between two fetches of the JWKS. */
  public static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);

  /**
   * How long fetched keys are trusted without asking again: bounds how long a key withdrawn before
   * its {@code exp} keeps verifying here, and how long a new ring takes to reach this verifier
   * (part of the overlap identity keeps a retired key published for).
   */
  public static final Duration MAX_AGE = Duration.ofMinutes(10);

  private static final System.Logger LOG = System.getLogger(PublishedKeys.class.getName());

  private final Supplier<String> source;
  private final String sourceName;
  private final Duration maxAge;
  private final Duration minInterval;
  private final Clock clock;

  private volatile Map<String, TrustedKey> verifiersByKeyId;
  private volatile Instant fetchedAt;
  private Instant lastAttempt;

  /**
   * @param jwks the keys to start from (a JWKS document)
   * @param source fetches the published JWKS document; null: {@code jwks} is all there is
   * @param sourceName where {@code source} fetches from, for the log
   */
  public PublishedKeys(
      String jwks,
      Supplier<String> source,
      String sourceName,
      Duration maxAge,
      Duration minInterval,
      Clock clock) {
    this.source = source;
    this.sourceName = sourceName;
    this.maxAge = maxAge;
    this.minInterval = minInterval;
    this.clock = clock;
    try {
      this.verifiersByKeyId = verifiers(jwks);
    } catch (ParseException | JOSEException e) {
      throw new IllegalArgumentException("the JWKS is not valid: " + e.getMessage(), e);
    }
    if (verifiersByKeyId.isEmpty()) {
      throw new IllegalArgumentException("the JWKS holds no RSA public key");
    }
    this.fetchedAt = clock.instant();
  }

  /**
   * Keys from {@code jwks}, refreshed from {@code jwksUrl} (identity's {@code
   * /.well-known/jwks.json}) when it is set, with the default intervals.
   */
  public static PublishedKeys of(String jwks, String jwksUrl, Clock clock) {
    boolean refreshed = jwksUrl != null && !jwksUrl.isBlank();
    return new PublishedKeys(
        jwks,
        refreshed ? new JwksEndpoint(jwksUrl) : null,
        refreshed ? jwksUrl : "configuration",
        MAX_AGE,
        MIN_REFRESH_INTERVAL,
        clock);
  }

  /**
   * The verifier of the key {@code keyId} names, if identity publishes it. A token without a key id
   * only verifies where there is a single key to choose.
   */
  public Optional<RSASSAVerifier> verifier(String keyId) {
    if (source != null && clock.instant().isAfter(fetchedAt.plus(maxAge))) {
      refresh();
    }
    Optional<RSASSAVerifier> known = lookUp(keyId, clock.instant());
    if (known.isEmpty() && keyId != null && source != null && refresh()) {
      return lookUp(keyId, clock.instant());
    }
    return known;
  }

  /** A published key's verifier, trusted until {@code until} (its {@code exp}) if it has one. */
  private record TrustedKey(RSASSAVerifier verifier, Instant until) {
    boolean trustedAt(Instant now) {
      return until == null || now.isBefore(until);
    }
  }

  private Optional<RSASSAVerifier> lookUp(String keyId, Instant now) {
    Map<String, TrustedKey> verifiers = verifiersByKeyId;
    TrustedKey key =
        keyId != null
            ? verifiers.get(keyId)
            : verifiers.size() == 1 ? verifiers.values().iterator().next() : null;
    return key != null && key.trustedAt(now) ? Optional.of(key.verifier()) : Optional.empty();
  }

  /** Fetches the JWKS unless the last attempt was too recent; true if the keys were replaced. */
  private synchronized boolean refresh() {
    Instant now = clock.instant();
    if (lastAttempt != null && now.isBefore(lastAttempt.plus(minInterval))) {
      return false;
    }
    lastAttempt = now;
    Map<String, TrustedKey> fetched;
    try {
      fetched = verifiers(source.get());
    } catch (ParseException | JOSEException e) {
      // The parser's message may quote the document: name the failure only.
      LOG.log(Level.WARNING, "the JWKS from {0} is not valid ({1})", sourceName, e.getClass());
      return false;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cannot fetch the JWKS from {0}: {1}", sourceName, e.getMessage());
      return false;
    }
    if (fetched.isEmpty()) {
      LOG.log(
          Level.WARNING, "the JWKS from {0} holds no RSA key; keeping the known ones", sourceName);
      return false;
    }
    if (!fetched.keySet().equals(verifiersByKeyId.keySet())) {
      LOG.log(Level.INFO, "trusting keys {0} from {1}", fetched.keySet(), sourceName);
    }
    verifiersByKeyId = fetched;
    fetchedAt = now;
    return true;
  }

  private static Map<String, TrustedKey> verifiers(String jwks)
      throws ParseException, JOSEException {
    Map<String, TrustedKey> verifiers = new HashMap<>();
    for (JWK key : JWKSet.parse(jwks).getKeys()) {
      if (key instanceof RSAKey rsa) {
        verifiers.put(
            String.valueOf(rsa.getKeyID()),
            new TrustedKey(
                new RSASSAVerifier(rsa.toRSAPublicKey()),
                rsa.getExpirationTime() == null ? null : rsa.getExpirationTime().toInstant()));
      }
    }
    return Map.copyOf(verifiers);
  }
}
