package io.sac4cps.authorizer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies identity's RS256 access tokens against public keys known at startup (a JWKS document):
 * signature, issuer, audience, expiry, and the presence of subject, tenant and roles. No network,
 * and only a handful of nimbus classes, to keep the cold start short.
 */
public final class TokenVerifier {
  private final Map<String, RSASSAVerifier> verifiersByKeyId = new HashMap<>();
  private final RSASSAVerifier onlyVerifier;
  private final String issuer;
  private final String audience;
  private final Clock clock;

  public TokenVerifier(String jwks, String issuer, String audience, Clock clock) {
    try {
      RSASSAVerifier last = null;
      for (JWK key : JWKSet.parse(jwks).getKeys()) {
        if (key instanceof RSAKey rsa) {
          last = new RSASSAVerifier(rsa.toRSAPublicKey());
          verifiersByKeyId.put(String.valueOf(rsa.getKeyID()), last);
        }
      }
      if (verifiersByKeyId.isEmpty()) {
        throw new IllegalArgumentException("the JWKS holds no RSA public key");
      }
      // A token without a key id is only acceptable when there is no choice to make.
      this.onlyVerifier = verifiersByKeyId.size() == 1 ? last : null;
    } catch (ParseException | JOSEException e) {
      throw new IllegalArgumentException("the JWKS is not valid: " + e.getMessage(), e);
    }
    this.issuer = issuer;
    this.audience = audience;
    this.clock = clock;
  }

  public VerifiedToken verify(String token) throws InvalidTokenException {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new InvalidTokenException("malformed");
    }
    if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
      throw new InvalidTokenException("algorithm " + jwt.getHeader().getAlgorithm());
    }
    String keyId = jwt.getHeader().getKeyID();
    RSASSAVerifier verifier = keyId != null ? verifiersByKeyId.get(keyId) : onlyVerifier;
    try {
      if (verifier == null || !jwt.verify(verifier)) {
        throw new InvalidTokenException("signature");
      }
    } catch (JOSEException e) {
      throw new InvalidTokenException("signature");
    }
    Date now = Date.from(clock.instant());
    if (claims.getExpirationTime() == null || !now.before(claims.getExpirationTime())) {
      throw new InvalidTokenException("expired");
    }
    if (claims.getNotBeforeTime() != null && now.before(claims.getNotBeforeTime())) {
      throw new InvalidTokenException("not yet valid");
    }
    if (!issuer.equals(claims.getIssuer())) {
      throw new InvalidTokenException("issuer");
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
      throw new InvalidTokenException("audience");
    }
    String subject = claims.getSubject();
    Object tenant = claims.getClaim("tenant");
    Object roles = claims.getClaim("roles");
    if (subject == null
        || subject.isBlank()
        || !(tenant instanceof String tenantId)
        || tenantId.isBlank()
        || !(roles instanceof List<?> roleList)
        || !roleList.stream().allMatch(String.class::isInstance)) {
      throw new InvalidTokenException("claims");
    }
    return new VerifiedToken(subject, tenantId, roleList.stream().map(String.class::cast).toList());
  }
}
