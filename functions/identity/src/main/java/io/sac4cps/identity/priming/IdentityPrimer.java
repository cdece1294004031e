package io.sac4cps.identity.priming;

import io.micronaut.json.JsonMapper;
import io.sac4cps.identity.domain.PasswordHasher;
import io.sac4cps.identity.domain.SecretTokens;
import io.sac4cps.identity.token.AccessTokens;
import io.sac4cps.platform.priming.PrimingRequests;
import io.sac4cps.platform.priming.RolledBackTransaction;
import io.sac4cps.platform.security.Roles;
import io.sac4cps.platform.snapshot.Primer;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * identity before the SnapStart snapshot (decision 0023): its routes through the handler as
 * refusals (a malformed email is refused before any failed-login row is counted) and reads of a
 * tenant that exists nowhere; then, inside a transaction that is rolled back, an organisation
 * registered (password hashed with the configured cost, user.registered in the outbox), a login,
 * its refresh and /users/me, and a login for an email without an account (which hashes against a
 * dummy hash made once): no row is ever visible, no event published. Last, the Argon2id code runs a
 * few more times, so that tiered compilation has compiled it with C2 before the snapshot: the
 * hash's cost is by design, interpreting or C1-compiling it is not (decision 0009).
 */
@Singleton
class IdentityPrimer implements Primer {
  private final PrimingRequests requests;
  private final AccessTokens accessTokens;

  /** Hashes after the requests' few: enough for C2 to compile Argon2id's loops (benchmark). */
  private static final int HASHER_WARM_UPS = 6;

  private final RolledBackTransaction rolledBack;
  private final JsonMapper json;
  private final PasswordHasher hasher;

  IdentityPrimer(
      PrimingRequests requests,
      AccessTokens accessTokens,
      RolledBackTransaction rolledBack,
      JsonMapper json,
      PasswordHasher hasher) {
    this.requests = requests;
    this.accessTokens = accessTokens;
    this.rolledBack = rolledBack;
    this.json = json;
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
    rolledBack.run(
        () -> {
          String email = "priming-" + UUID.randomUUID() + "@priming.invalid";
          String password = SecretTokens.newSecret();
          requests
              .send(
                  "POST",
                  "/auth/register",
                  "{\"email\":\""
                      + email
                      + "\",\"password\":\""
                      + password
                      + "\",\"name\":\"Priming\",\"organization\":\"Priming\"}",
                  null)
              .expect(201);
          Map<String, Object> tokens =
              read(
                  requests
                      .send(
                          "POST",
                          "/auth/login",
                          "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
                          null)
                      .expect(200)
                      .body());
          requests
              .send("GET", "/users/me", null, String.valueOf(tokens.get("accessToken")))
              .expect(200);
          requests
              .send(
                  "POST",
                  "/auth/login",
                  "{\"email\":\"priming-"
                      + UUID.randomUUID()
                      + "@priming.invalid\",\"password\":\""
                      + password
                      + "\"}",
                  null)
              .expect(401);
          return requests
              .send(
                  "POST",
                  "/auth/token",
                  "{\"grant_type\":\"refresh_token\",\"refresh_token\":\""
                      + tokens.get("refreshToken")
                      + "\"}",
                  null)
              .expect(200);
        });
    String secret = SecretTokens.newSecret();
    String hash = hasher.hash(secret);
    for (int i = 0; i < HASHER_WARM_UPS; i++) {
      hasher.verify(secret, hash);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> read(String body) {
    try {
      return json.readValue(body, Map.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
