package io.sac4cps.identity;

import static io.sac4cps.identity.IdentityCalls.PASSWORD;
import static io.sac4cps.identity.IdentityCalls.uniqueEmail;

import com.nimbusds.jwt.SignedJWT;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.security.matrix.FunctionSecurityMatrix;
import io.sac4cps.testkit.security.matrix.MatrixFixture;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

/**
 * Every identity operation of contracts/openapi.yaml against every kind of wrong caller (generated:
 * a new route is covered without touching this class). Callers with the right role are real users
 * and a real device client of tenant A, with tokens identity issued; tenant B has an admin.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SNS})
class IdentitySecurityMatrixIT extends FunctionSecurityMatrix {

  IdentitySecurityMatrixIT() {
    super("identity");
  }

  @Override
  protected ApiFunction start(Infrastructure infrastructure) {
    return IdentityCalls.function(infrastructure, infrastructure.snsTopic("identity-events"))
        .start();
  }

  @Override
  protected MatrixFixture fixture(ApiFunction identity) throws ParseException {
    return tenantA(identity);
  }

  /** Tenant A's real users and device client, valid bodies; shared with IdentityRobustnessIT. */
  static MatrixFixture tenantA(ApiFunction identity) throws ParseException {
    IdentityCalls accounts = new IdentityCalls(identity);
    String adminEmail = uniqueEmail("matrix-admin");
    accounts.registerOrganization(adminEmail, "Matrix A");
    String admin = accounts.login(adminEmail, PASSWORD).text("accessToken");
    String tenantA = tenantOf(admin);
    // A real admin of tenant B, so that routes about the caller (GET /users/me) serve them.
    String tenantBAdmin = accounts.newAdminToken();
    String tenantB = tenantOf(tenantBAdmin);
    var device =
        identity.post(
            "/clients", admin, Map.of("name", "matrix-gateway", "roles", List.of("device")));
    String deviceId = device.text("clientId");
    String deviceSecret = device.text("clientSecret");
    Map<String, String> clientCredentials =
        Map.of(
            "grant_type", "client_credentials",
            "client_id", deviceId,
            "client_secret", deviceSecret);
    Map<String, String> tokens =
        Map.of(
            "admin", admin,
            "operator", member(accounts, admin, "operator"),
            "viewer", member(accounts, admin, "viewer"),
            "device", identity.post("/auth/token", null, clientCredentials).text("accessToken"));
    return MatrixFixture.builder(tenantA, tenantB)
        .tokens(
            (tenant, role) ->
                tenant.equals(tenantA)
                    ? tokens.get(role)
                    : tenant.equals(tenantB) && role.equals("admin")
                        ? tenantBAdmin
                        : MatrixFixture.testToken(tenant, role))
        .body(
            "register",
            () ->
                IdentityCalls.json(
                    Map.of(
                        "email",
                        uniqueEmail("matrix-new"),
                        "password",
                        PASSWORD,
                        "name",
                        "New",
                        "organization",
                        "New Org")))
        .body("login", () -> IdentityCalls.json(Map.of("email", adminEmail, "password", PASSWORD)))
        .body("issueToken", () -> IdentityCalls.json(clientCredentials))
        .body(
            "createClient",
            () ->
                IdentityCalls.json(
                    Map.of("name", uniqueEmail("client"), "roles", List.of("viewer"))))
        .build();
  }

  private static String member(IdentityCalls accounts, String adminToken, String role) {
    String email = uniqueEmail("matrix-" + role);
    accounts.registerMember(adminToken, email, List.of(role));
    return accounts.login(email, PASSWORD).text("accessToken");
  }

  private static String tenantOf(String token) throws ParseException {
    return SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("tenant");
  }
}
