package io.sac4cps.identity;

import static io.sac4cps.identity.IdentityCalls.PASSWORD;
import static io.sac4cps.identity.IdentityCalls.uniqueEmail;

import com.nimbusds.jwt.SignedJWT;
import io.sac4cps.contracts.api.Operation;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.security.matrix.MatrixFixture;
import io.sac4cps.testkit.security.matrix.MatrixTarget;
import io.sac4cps.testkit.security.matrix.SecurityMatrix;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Every identity operation of contracts/openapi.yaml against every kind of wrong caller (generated:
 * a new route is covered without touching this class). Callers with the right role are real users
 * and a real device client of tenant A, with tokens identity issued.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SNS})
class IdentitySecurityMatrixIT {
  private static ApiFunction identity;
  private static IdentityCalls accounts;
  private static Fixture fixture;

  @BeforeAll
  static void start(Infrastructure infrastructure) throws ParseException {
    identity =
        IdentityCalls.function(infrastructure, infrastructure.snsTopic("identity-events")).start();
    accounts = new IdentityCalls(identity);
    fixture = new Fixture();
  }

  @AfterAll
  static void stop() {
    identity.close();
  }

  @TestFactory
  Stream<DynamicNode> securityMatrix() {
    return SecurityMatrix.forFunction("identity").tests(MatrixTarget.of(identity), fixture);
  }

  /** Tenant A with an admin, an operator, a viewer and a device client; tenant B with an admin. */
  private static final class Fixture implements MatrixFixture {
    private final String adminEmail = uniqueEmail("matrix-admin");
    private final String tenantA;
    private final String tenantB;
    private final Map<String, String> tokens;
    private final String deviceId;
    private final String deviceSecret;

    Fixture() throws ParseException {
      accounts.registerOrganization(adminEmail, "Matrix A");
      String admin = accounts.login(adminEmail, PASSWORD).text("accessToken");
      tenantA = SignedJWT.parse(admin).getJWTClaimsSet().getStringClaim("tenant");
      tenantB =
          SignedJWT.parse(accounts.newAdminToken()).getJWTClaimsSet().getStringClaim("tenant");
      var device =
          identity.post(
              "/clients", admin, Map.of("name", "matrix-gateway", "roles", List.of("device")));
      deviceId = device.text("clientId");
      deviceSecret = device.text("clientSecret");
      tokens =
          Map.of(
              "admin", admin,
              "operator", member(admin, "operator"),
              "viewer", member(admin, "viewer"),
              "device",
                  identity
                      .post(
                          "/auth/token",
                          null,
                          Map.of(
                              "grant_type", "client_credentials",
                              "client_id", deviceId,
                              "client_secret", deviceSecret))
                      .text("accessToken"));
    }

    private static String member(String adminToken, String role) {
      String email = uniqueEmail("matrix-" + role);
      accounts.registerMember(adminToken, email, List.of(role));
      return accounts.login(email, PASSWORD).text("accessToken");
    }

    @Override
    public String tenantA() {
      return tenantA;
    }

    @Override
    public String tenantB() {
      return tenantB;
    }

    @Override
    public String token(String tenantId, String role) {
      return tenantId.equals(tenantA)
          ? tokens.get(role)
          : MatrixFixture.super.token(tenantId, role);
    }

    @Override
    public String body(Operation operation) {
      return switch (operation.operationId()) {
        case "register" ->
            IdentityCalls.json(
                Map.of(
                    "email",
                    uniqueEmail("matrix-new"),
                    "password",
                    PASSWORD,
                    "name",
                    "New",
                    "organization",
                    "New Org"));
        case "login" -> IdentityCalls.json(Map.of("email", adminEmail, "password", PASSWORD));
        case "issueToken" ->
            IdentityCalls.json(
                Map.of(
                    "grant_type", "client_credentials",
                    "client_id", deviceId,
                    "client_secret", deviceSecret));
        case "createClient" ->
            IdentityCalls.json(Map.of("name", uniqueEmail("client"), "roles", List.of("viewer")));
        default -> null;
      };
    }
  }
}
