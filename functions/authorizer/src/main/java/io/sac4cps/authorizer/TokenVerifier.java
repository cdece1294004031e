package io.sac4cps.authorizer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sac4cps.platform.keys.PublishedKeys;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.List;

/**
 * Verifies identity's RS256 access tokens against its published keys ({@link PublishedKeys}: those
 * configured at startup, refreshed from identity's JWKS when a token names a new key): signature,
 * issuer, audience, expiry, and the presence of subject, tenant and roles. No network at cold
 * start, and only a handful of nimbus classes, to keep it short.
 */
public final class TokenVerifier {
  private final PublishedKeys keys;
  private final String issuer;
  private final String audience;
  private final Clock clock;

  /** Trusts exactly the keys of {@code jwks}: never refreshed. */
  public TokenVerifier(String jwks, String issuer, String audience, Clock clock) {
    this(PublishedKeys.of(jwks, null, clock), issuer, audience, clock);
  }

  public TokenVerifier(PublishedKeys keys, String issuer, String audience, Clock clock) {
    this.keys = keys;
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
    // A key id not known yet makes the keys refresh, at most once per interval.
    RSASSAVerifier verifier = keys.verifier(jwt.getHeader().getKeyID()).orElse(null);
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
