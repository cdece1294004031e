package io.sac4cps.identity.priming;

import io.sac4cps.identity.domain.PasswordHasher;
import io.sac4cps.identity.domain.SecretTokens;
import io.sac4cps.identity.token.AccessTokens;
import io.sac4cps.platform.priming.PrimingRequests;
import io.sac4cps.platform.security.Roles;
import io.sac4cps.platform.snapshot.Primer;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;

/**
 * identity before the SnapStart snapshot (decision 0022): its routes once through the handler, as
 * requests it refuses before touching the database (a malformed email is refused before any
 * failed-login row is counted) or as reads that find nothing; one access token signed and verified
 * (of a tenant that exists nowhere), and one password hashed and checked with the configured cost.
 */
@Singleton
class IdentityPrimer implements Primer {
  private final PrimingRequests requests;
  private final AccessTokens accessTokens;
  private final PasswordHasher hasher;

  IdentityPrimer(PrimingRequests requests, AccessTokens accessTokens, PasswordHasher hasher) {
    this.requests = requests;
    this.accessTokens = accessTokens;
    this.hasher = hasher;
  }

  @Override
  public void prime() {
    requests.send("GET", "/.well-known/jwks.json", null, null).expect(200);
    requests.send("GET", "/.well-known/openid-configuration", null, null).expect(200);
    requests
        .send("POST", "/auth/login", "{\"email\":\"not-an-email\",\"password\":\"x\"}", null)
        .expect(400);
    requests.send("POST", "/auth/register", "{\"email\":\"not-an-email\"}", null).expect(400);
    // An unknown refresh token: looked up by digest, refused, nothing revoked.
    requests
        .send(
            "POST",
            "/auth/token",
            "{\"grant_type\":\"refresh_token\",\"refresh_token\":\""
                + SecretTokens.newSecret()
                + "\"}",
            null)
        .expect(401);
    String token =
        accessTokens.issue("priming", "priming-" + UUID.randomUUID(), List.of(Roles.ADMIN)).token();
    requests.send("GET", "/users/me", null, token).expect(404);
    requests.send("GET", "/users?limit=10", null, token).expect(200);
    String secret = SecretTokens.newSecret();
    hasher.verify(secret, hasher.hash(secret));
  }
}
