package io.sac4cps.identity.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The public keys that verify identity's tokens, as served at {@code /.well-known/jwks.json}: the
 * current signing key plus those in {@code sac4cps.security.jwks}, which during a key rotation
 * holds the previous key as well (and which identity itself trusts).
 */
@Singleton
public class TrustedKeys {
  private final JWKSet publicKeys;

  public TrustedKeys(
      SigningKey signingKey, @Nullable @Property(name = "sac4cps.security.jwks") String jwks)
      throws ParseException {
    Map<String, JWK> byKeyId = new LinkedHashMap<>();
    byKeyId.put(signingKey.keyId(), signingKey.publicJwk());
    if (jwks != null && !jwks.isBlank()) {
      for (JWK key : JWKSet.parse(jwks).getKeys()) {
        byKeyId.putIfAbsent(key.getKeyID(), key.toPublicJWK());
      }
    }
    this.publicKeys = new JWKSet(java.util.List.copyOf(byKeyId.values()));
  }

  /** The JWKS document (RFC 7517), public members only. */
  public Map<String, Object> jwks() {
    return publicKeys.toJSONObject(true);
  }
}
