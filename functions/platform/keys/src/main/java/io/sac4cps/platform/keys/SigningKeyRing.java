package io.sac4cps.platform.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * identity's signing keys as its key store holds them (Secrets Manager in AWS, the local stack's
 * store locally; decision 0061): the {@code active} private key signs, the {@code next} one is
 * already published so verifiers know it before it signs, and {@code previous} public keys stay
 * published until their {@code retireAt}, so tokens they signed verify until they expire. A key
 * past its {@code retireAt} is gone from the JWKS, and its tokens are refused.
 *
 * <pre>{"active": {private JWK}, "next": {private JWK},
 *  "previous": [{"key": {public JWK}, "retireAt": "2026-12-01T18:00:00Z"}]}</pre>
 *
 * A bare private JWK (the format before rotation) reads as a ring with only an active key. In AWS
 * identity's {@code SigningKeyRotation} handler applies {@link #rotate} to the secret (decision
 * 0067), so this class is the one definition of the ring and its rotation.
 *
 * <p>A previous key is published with its retire time as the JWK's {@code exp} (decision 0067):
 * {@link PublishedKeys} stops trusting it at that moment, without waiting to fetch the JWKS again.
 */
public final class SigningKeyRing {
  public static final int MIN_BITS = 2048;

  /** A published public key that verifies until {@code retireAt}. */
  public record RetiringKey(RSAKey key, Instant retireAt) {}

  private final RSAKey active;
  private final RSAKey next;
  private final List<RetiringKey> previous;

  private SigningKeyRing(RSAKey active, RSAKey next, List<RetiringKey> previous) {
    this.active = active;
    this.next = next;
    this.previous = List.copyOf(previous);
  }

  /** A new ring: an active key and the next one. */
  public static SigningKeyRing generate() {
    return new SigningKeyRing(newKey(), newKey(), List.of());
  }

  /** A new 2048-bit RS256 key whose id says when it was made. */
  public static RSAKey newKey() {
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
   * Reads a ring, or a bare private JWK as a ring of one.
   *
   * @throws IllegalArgumentException naming what is wrong, never echoing key material
   */
  public static SigningKeyRing parse(String json) {
    Map<String, Object> document;
    try {
      document = JSONObjectUtils.parse(json);
    } catch (ParseException e) {
      throw new IllegalArgumentException("the signing key is not a JWK");
    }
    if (!document.containsKey("active")) {
      return new SigningKeyRing(privateKey(document, "signing key"), null, List.of());
    }
    try {
      RSAKey active = privateKey(JSONObjectUtils.getJSONObject(document, "active"), "active key");
      Map<String, Object> nextKey = JSONObjectUtils.getJSONObject(document, "next");
      RSAKey next = nextKey == null ? null : privateKey(nextKey, "next key");
      List<RetiringKey> previous = new ArrayList<>();
      Map<String, Object>[] retiring = JSONObjectUtils.getJSONObjectArray(document, "previous");
      for (Map<String, Object> entry :
          retiring == null ? List.<Map<String, Object>>of() : List.of(retiring)) {
        JWK key = JWK.parse(JSONObjectUtils.getJSONObject(entry, "key"));
        if (!(key instanceof RSAKey rsa) || rsa.getKeyID() == null) {
          throw new IllegalArgumentException("a previous key must be an RSA JWK with a key id");
        }
        previous.add(
            new RetiringKey(
                rsa.toPublicJWK(), Instant.parse(JSONObjectUtils.getString(entry, "retireAt"))));
      }
      return new SigningKeyRing(active, next, previous);
    } catch (ParseException | DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException("the signing key ring is malformed");
    }
  }

  private static RSAKey privateKey(Map<String, Object> json, String what) {
    JWK jwk;
    try {
      jwk = JWK.parse(json);
    } catch (ParseException e) {
      throw new IllegalArgumentException("the " + what + " is not a JWK");
    }
    if (!(jwk instanceof RSAKey rsa) || !rsa.isPrivate()) {
      throw new IllegalArgumentException("the " + what + " must be a private RSA JWK");
    }
    if (rsa.getKeyID() == null || rsa.getKeyID().isBlank()) {
      throw new IllegalArgumentException("the " + what + " must have a key id (kid)");
    }
    if (rsa.size() < MIN_BITS) {
      throw new IllegalArgumentException(
          "the " + what + " must have at least " + MIN_BITS + " bits");
    }
    return rsa;
  }

  /**
   * The ring after a rotation at {@code now}: the next key signs, a new next key is published, and
   * the key that signed until now verifies for {@code overlap} more (at least the longest token
   * lifetime plus the time signers take to pick up the ring); keys past their time are dropped.
   */
  public SigningKeyRing rotate(Instant now, Duration overlap) {
    List<RetiringKey> kept = new ArrayList<>();
    for (RetiringKey key : previous) {
      if (key.retireAt().isAfter(now)) {
        kept.add(key);
      }
    }
    kept.add(new RetiringKey(active.toPublicJWK(), now.plus(overlap)));
    return new SigningKeyRing(next != null ? next : newKey(), newKey(), kept);
  }

  /** The key that signs. */
  public RSAKey active() {
    return active;
  }

  /** The key already published that signs after the next rotation; none in a bare JWK's ring. */
  public Optional<RSAKey> next() {
    return Optional.ofNullable(next);
  }

  /** This ring, given a next key if it has none (a bare JWK read as a ring). */
  public SigningKeyRing withNextKey() {
    return next != null ? this : new SigningKeyRing(active, newKey(), previous);
  }

  /**
   * The public keys that verify at {@code now}: active, next, and previous not yet retired, each of
   * those with its retire time as {@code exp}.
   */
  public JWKSet publicKeys(Instant now) {
    Map<String, JWK> byKeyId = new LinkedHashMap<>();
    byKeyId.put(active.getKeyID(), active.toPublicJWK());
    if (next != null) {
      byKeyId.putIfAbsent(next.getKeyID(), next.toPublicJWK());
    }
    for (RetiringKey key : previous) {
      if (key.retireAt().isAfter(now)) {
        byKeyId.putIfAbsent(
            key.key().getKeyID(),
            new RSAKey.Builder(key.key()).expirationTime(Date.from(key.retireAt())).build());
      }
    }
    return new JWKSet(List.copyOf(byKeyId.values()));
  }

  /** The ring as its key store holds it: private keys included, so never log it. */
  public String toJson() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("active", active.toJSONObject());
    if (next != null) {
      document.put("next", next.toJSONObject());
    }
    List<Object> retiring = new ArrayList<>();
    for (RetiringKey key : previous) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("key", key.key().toJSONObject());
      entry.put("retireAt", key.retireAt().toString());
      retiring.add(entry);
    }
    document.put("previous", retiring);
    return JSONObjectUtils.toJSONString(document);
  }

  /** Prints a new ring, for an operator to store as identity's signing key. */
  public static void main(String[] args) {
    System.out.println(generate().toJson());
  }
}
