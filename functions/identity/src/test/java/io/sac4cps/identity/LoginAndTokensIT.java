package io.sac4cps.identity;

import static io.sac4cps.identity.IdentityCalls.PASSWORD;
import static io.sac4cps.identity.IdentityCalls.uniqueEmail;
import static io.sac4cps.testkit.contract.ContractAssertions.assertMatchesContract;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Login, the refresh_token and client_credentials grants, and the keys that verify the tokens,
 * through the real handler on PostgreSQL. Two handlers on one database stand for two Lambda
 * instances.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SNS})
class LoginAndTokensIT {
  private static ApiFunction identity;
  private static ApiFunction secondInstance;
  private static IdentityCalls accounts;
  private static IdentityCalls secondAccounts;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    ApiFunction.Builder configuration =
        IdentityCalls.function(infrastructure, infrastructure.snsTopic("identity-events"));
    identity = configuration.start();
    secondInstance = configuration.start();
    accounts = new IdentityCalls(identity);
    secondAccounts = new IdentityCalls(secondInstance);
  }

  @AfterAll
  static void stop() {
    identity.close();
    secondInstance.close();
  }

  @Test
  void loginIssuesAShortLivedRs256AccessTokenThatTheJwksVerifies() throws Exception {
    String email = uniqueEmail("ada");
    JsonNode user = accounts.registerOrganization(email, "Acme").json();

    ApiResponse login = accounts.login(email, PASSWORD);

    assertThat(login.status()).isEqualTo(200);
    assertMatchesContract("POST", "/auth/login", login.event());
    assertThat(login.header("Cache-Control")).isEqualTo("no-store");
    assertThat(login.text("tokenType")).isEqualTo("Bearer");
    assertThat(login.json().path("expiresIn").asLong()).isEqualTo(900);
    assertThat(login.text("refreshToken")).isNotBlank();

    ApiResponse jwks = identity.get("/.well-known/jwks.json", null);
    assertMatchesContract("GET", "/.well-known/jwks.json", jwks.event());
    assertThat(jwks.body()).doesNotContain("\"d\"").doesNotContain("\"p\"");
    SignedJWT jwt = SignedJWT.parse(login.text("accessToken"));
    RSAKey key = (RSAKey) JWKSet.parse(jwks.body()).getKeyByKeyId(jwt.getHeader().getKeyID());
    assertThat(key).as("the token's kid is in the JWKS").isNotNull();
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo(user.path("id").asText());
    assertThat(claims.getStringClaim("tenant")).isEqualTo(user.path("tenantId").asText());
    assertThat(claims.getStringListClaim("roles")).containsExactly("admin");
    assertThat(claims.getIssuer()).isEqualTo("https://identity.sac4cps.local");
    assertThat(claims.getAudience()).containsExactly("sac4cps-api");
    assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
        .isEqualTo(900_000);

    ApiResponse me = identity.get("/users/me", login.text("accessToken"));
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.text("email")).isEqualTo(email);
  }

  @Test
  void aWrongPasswordAndAnUnknownEmailGetTheSameAnswer() {
    String email = uniqueEmail("grace");
    accounts.registerOrganization(email, "Acme");

    ApiResponse wrongPassword = accounts.login(email, "not the password at all");
    ApiResponse unknownEmail = accounts.login(uniqueEmail("nobody"), "not the password at all");

    assertThat(wrongPassword.status()).isEqualTo(401);
    assertThat(unknownEmail.status()).isEqualTo(401);
    assertMatchesContract("POST", "/auth/login", wrongPassword.event());
    assertThat(withoutInstance(wrongPassword.json()))
        .isEqualTo(withoutInstance(unknownEmail.json()));
    assertThat(wrongPassword.text("detail")).isEqualTo("The email or password is incorrect.");
  }

  @Test
  void failuresAreCountedPerAccountAcrossInstancesAndLockItOut() {
    String email = uniqueEmail("target");
    accounts.registerOrganization(email, "Acme");

    // Five failures, spread over two instances: the count lives in the database.
    for (int attempt = 0; attempt < 5; attempt++) {
      IdentityCalls instance = attempt % 2 == 0 ? accounts : secondAccounts;
      assertThat(instance.login(email, "guess number " + attempt).status()).isEqualTo(401);
    }

    ApiResponse locked = secondAccounts.login(email, PASSWORD);
    assertThat(locked.status())
        .as("even the right password is refused while locked")
        .isEqualTo(429);
    assertMatchesContract("POST", "/auth/login", locked.event());
    assertThat(Integer.parseInt(locked.header("Retry-After"))).isBetween(1, 15 * 60 + 1);
    assertThat(accounts.login(email, PASSWORD).status()).isEqualTo(429);

    // Another account is not affected, and unknown emails lock the same way.
    String bystander = uniqueEmail("bystander");
    accounts.registerOrganization(bystander, "Acme");
    assertThat(accounts.login(bystander, PASSWORD).status()).isEqualTo(200);
    String unknown = uniqueEmail("ghost");
    for (int attempt = 0; attempt < 5; attempt++) {
      accounts.login(unknown, "guess number " + attempt);
    }
    assertThat(accounts.login(unknown, "guess number 6").status()).isEqualTo(429);
  }

  @Test
  void aSuccessfulLoginForgetsEarlierFailures() {
    String email = uniqueEmail("forgetful");
    accounts.registerOrganization(email, "Acme");
    for (int attempt = 0; attempt < 4; attempt++) {
      accounts.login(email, "guess number " + attempt);
    }
    assertThat(accounts.login(email, PASSWORD).status()).isEqualTo(200);

    for (int attempt = 0; attempt < 4; attempt++) {
      assertThat(accounts.login(email, "guess again " + attempt).status()).isEqualTo(401);
    }
    assertThat(accounts.login(email, PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void refreshingRotatesTheRefreshToken() {
    String email = uniqueEmail("rotating");
    accounts.registerOrganization(email, "Acme");
    String first = accounts.login(email, PASSWORD).text("refreshToken");

    ApiResponse refreshed =
        accounts.tokenForm(Map.of("grant_type", "refresh_token", "refresh_token", first), null);

    assertThat(refreshed.status()).isEqualTo(200);
    assertMatchesContract("POST", "/auth/token", refreshed.event());
    assertThat(refreshed.header("Cache-Control")).isEqualTo("no-store");
    String second = refreshed.text("refreshToken");
    assertThat(second).isNotBlank().isNotEqualTo(first);
    assertThat(identity.get("/users/me", refreshed.text("accessToken")).status()).isEqualTo(200);

    // JSON works as well as a form, and the chain goes on.
    ApiResponse again =
        identity.post(
            "/auth/token", null, Map.of("grant_type", "refresh_token", "refresh_token", second));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.text("refreshToken")).isNotEqualTo(second);
  }

  @Test
  void aReusedRefreshTokenRevokesItsWholeSessionButNotOthers() {
    String email = uniqueEmail("stolen");
    accounts.registerOrganization(email, "Acme");
    String stolen = accounts.login(email, PASSWORD).text("refreshToken");
    String otherSession = accounts.login(email, PASSWORD).text("refreshToken");
    String current = refresh(stolen).text("refreshToken");

    ApiResponse reuse = refresh(stolen);

    assertThat(reuse.status()).isEqualTo(401);
    assertMatchesContract("POST", "/auth/token", reuse.event());
    assertThat(refresh(current).status())
        .as("the legitimate holder's token is revoked too")
        .isEqualTo(401);
    assertThat(refresh(otherSession).status()).as("another login session lives on").isEqualTo(200);
  }

  @Test
  void refusesUnknownRefreshTokensAndGrantTypes() {
    assertThat(refresh("made-up-token").status()).isEqualTo(401);

    ApiResponse password =
        accounts.violatingContract().tokenForm(Map.of("grant_type", "password"), null);
    assertThat(password.status()).isEqualTo(400);
    assertThat(password.json().path("errors").get(0).path("field").asText())
        .isEqualTo("grant_type");

    ApiResponse missing = accounts.tokenForm(Map.of("grant_type", "refresh_token"), null);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().path("errors").get(0).path("field").asText())
        .isEqualTo("refresh_token");
  }

  @Test
  void anAdminCreatesADeviceClientThatGetsTokensWithClientCredentials() throws Exception {
    String adminToken = accounts.newAdminToken();
    String tenantId = SignedJWT.parse(adminToken).getJWTClaimsSet().getStringClaim("tenant");

    ApiResponse created =
        identity.post(
            "/clients",
            adminToken,
            Map.of(
                "name",
                "Gateway 3rd floor",
                "description",
                "LoRa gateway",
                "roles",
                List.of("device")));

    assertThat(created.status()).isEqualTo(201);
    assertMatchesContract("POST", "/clients", created.event());
    assertThat(created.header("Cache-Control")).isEqualTo("no-store");
    assertThat(created.text("tenantId")).isEqualTo(tenantId);
    String clientId = created.text("clientId");
    String secret = created.text("clientSecret");
    assertThat(secret).hasSizeGreaterThanOrEqualTo(32);

    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    ApiResponse viaBasic = accounts.tokenForm(Map.of("grant_type", "client_credentials"), basic);
    ApiResponse viaBody =
        accounts.tokenForm(
            Map.of(
                "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret),
            null);

    assertThat(viaBasic.status()).isEqualTo(200);
    assertMatchesContract("POST", "/auth/token", viaBasic.event());
    assertThat(viaBasic.json().has("refreshToken")).as("clients get no refresh token").isFalse();
    assertThat(viaBody.status()).isEqualTo(200);
    JWTClaimsSet claims = SignedJWT.parse(viaBasic.text("accessToken")).getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo(clientId);
    assertThat(claims.getStringClaim("tenant")).isEqualTo(tenantId);
    assertThat(claims.getStringListClaim("roles")).containsExactly("device");

    // A device may post readings, not read users.
    assertThat(identity.get("/users/me", viaBasic.text("accessToken")).status()).isEqualTo(403);

    ApiResponse wrongSecret =
        accounts.tokenForm(
            Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                clientId,
                "client_secret",
                secret + "x"),
            null);
    assertThat(wrongSecret.status()).isEqualTo(401);
    ApiResponse unknownClient =
        accounts.tokenForm(
            Map.of(
                "grant_type", "client_credentials", "client_id", "nope", "client_secret", secret),
            null);
    assertThat(withoutInstance(unknownClient.json()))
        .isEqualTo(withoutInstance(wrongSecret.json()));
  }

  @Test
  void clientsAreNeverAdminsAndNamesAreUniquePerTenant() {
    String adminToken = accounts.newAdminToken();

    ApiResponse admin =
        identity
            .violatingContract()
            .post("/clients", adminToken, Map.of("name", "Sneaky", "roles", List.of("admin")));
    assertThat(admin.status()).isEqualTo(400);
    assertMatchesContract("POST", "/clients", admin.event());

    Map<String, Object> gateway = Map.of("name", "Gateway", "roles", List.of("device"));
    assertThat(identity.post("/clients", adminToken, gateway).status()).isEqualTo(201);
    assertThat(identity.post("/clients", adminToken, gateway).status()).isEqualTo(409);
    assertThat(identity.post("/clients", accounts.newAdminToken(), gateway).status())
        .as("another tenant may use the same name")
        .isEqualTo(201);
  }

  @Test
  void publishesItsDiscoveryDocument() {
    ApiResponse discovery = identity.get("/.well-known/openid-configuration", null);

    assertThat(discovery.status()).isEqualTo(200);
    assertMatchesContract("GET", "/.well-known/openid-configuration", discovery.event());
    assertThat(discovery.text("issuer")).isEqualTo("https://identity.sac4cps.local");
    assertThat(discovery.text("jwks_uri")).endsWith("/.well-known/jwks.json");
    assertThat(discovery.text("token_endpoint")).endsWith("/auth/token");
  }

  private static ApiResponse refresh(String refreshToken) {
    return accounts.tokenForm(
        Map.of("grant_type", "refresh_token", "refresh_token", refreshToken), null);
  }

  /** The problem without what names this occurrence (its path and request id). */
  private static JsonNode withoutInstance(JsonNode problem) {
    ((com.fasterxml.jackson.databind.node.ObjectNode) problem)
        .remove(List.of("instance", "requestId"));
    return problem;
  }
}
