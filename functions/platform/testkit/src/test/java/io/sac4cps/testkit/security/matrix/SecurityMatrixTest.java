package io.sac4cps.testkit.security.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.contracts.api.Operation;
import io.sac4cps.testkit.security.TestTokens;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * The matrix against a small contract and a fake function: a function that checks everything passes
 * every generated test, and each kind of missing check is caught by some test.
 */
class SecurityMatrixTest {
  private static final ApiContract CONTRACT =
      ApiContract.parse(
          """
          openapi: 3.0.3
          info: {title: t, version: '1'}
          security: [{bearerAuth: []}]
          paths:
            /things/{id}:
              get:
                operationId: getThing
                x-function: things
                x-roles: [admin, viewer]
                x-throttle: {rateLimit: 1, burstLimit: 1}
                parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                responses: {'200': {description: ok}}
            /things:
              post:
                operationId: createThing
                x-function: things
                x-roles: [admin]
                x-throttle: {rateLimit: 1, burstLimit: 1}
                responses: {'201': {description: ok}}
            /things/catalog:
              get:
                operationId: thingCatalog
                security: []
                x-function: things
                x-roles: []
                x-throttle: {rateLimit: 1, burstLimit: 1}
                responses: {'200': {description: ok}}
            /things/{id}/history:
              get:
                operationId: thingHistory
                x-function: things
                x-roles: [admin]
                x-throttle: {rateLimit: 1, burstLimit: 1}
                x-status: planned
                parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                responses: {'200': {description: ok}}
          components:
            schemas:
              Role: {type: string, enum: [admin, operator, viewer, device]}
          """);

  private static final MatrixFixture FIXTURE =
      new MatrixFixture() {
        @Override
        public String tenantA() {
          return "tenant-a";
        }

        @Override
        public String tenantB() {
          return "tenant-b";
        }

        @Override
        public Map<String, String> pathParameters(Operation operation) {
          return Map.of("id", "thing-of-a");
        }
      };

  /** What a function should check, each check removable to see that the matrix notices. */
  private record FakeFunction(boolean checksSignature, boolean checksRoles, boolean checksTenant)
      implements MatrixTarget {
    private static final Map<String, String> OWNER = Map.of("thing-of-a", "tenant-a");

    @Override
    public MatrixResponse send(MatrixRequest request) {
      if (request.resource().equals("/things/catalog")) {
        return new MatrixResponse(200, "[]");
      }
      JWTClaimsSet claims =
          checksSignature ? verified(request.token()) : unverified(request.token());
      if (claims == null) {
        return new MatrixResponse(401, "no");
      }
      List<String> allowed =
          request.method().equals("POST") ? List.of("admin") : List.of("admin", "viewer");
      Object roles = claims.getClaim("roles");
      if (checksRoles
          && (!(roles instanceof List<?> list) || list.stream().noneMatch(allowed::contains))) {
        return new MatrixResponse(403, "forbidden");
      }
      String id = request.pathParameters().get("id");
      if (id != null && checksTenant && !claims.getClaim("tenant").equals(OWNER.get(id))) {
        return new MatrixResponse(404, "not found");
      }
      return new MatrixResponse(request.method().equals("POST") ? 201 : 200, "ok");
    }

    private static JWTClaimsSet verified(String token) {
      try {
        SignedJWT jwt = SignedJWT.parse(token);
        RSAKey key = (RSAKey) JWKSet.parse(TestTokens.jwks()).getKeys().get(0);
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        boolean valid =
            jwt.verify(new RSASSAVerifier(key))
                && claims.getExpirationTime().after(new Date())
                && claims.getAudience().contains(TestTokens.AUDIENCE)
                && TestTokens.ISSUER.equals(claims.getIssuer())
                && claims.getClaim("tenant") != null;
        return valid ? claims : null;
      } catch (Exception e) {
        return null;
      }
    }

    private static JWTClaimsSet unverified(String token) {
      try {
        return token == null ? null : SignedJWT.parse(token).getJWTClaimsSet();
      } catch (Exception e) {
        return null;
      }
    }
  }

  @Test
  void generatesTheCasesOfEveryOperationOfTheFunction() {
    List<String> names = new ArrayList<>();
    collect(matrix(new FakeFunction(true, true, true)), "", names);

    assertThat(names)
        .contains(
            "GET /things/{id} (getThing) / no token → 401",
            "GET /things/{id} (getThing) / expired token → 401",
            "GET /things/{id} (getThing) / token signed by another key → 401",
            "GET /things/{id} (getThing) / token for another audience → 401",
            "GET /things/{id} (getThing) / token from another issuer → 401",
            "GET /things/{id} (getThing) / token without a tenant claim → 401",
            "GET /things/{id} (getThing) / unsigned token (alg none) → 401",
            "GET /things/{id} (getThing) / HS256 token keyed with the public key → 401",
            "GET /things/{id} (getThing) / operator (not in x-roles) → 403",
            "GET /things/{id} (getThing) / device (not in x-roles) → 403",
            "GET /things/{id} (getThing) / tenant B's admin on tenant A's resource → 404",
            "GET /things/{id} (getThing) / tenant A's admin → allowed",
            "GET /things/{id} (getThing) / tenant A's viewer → allowed",
            "POST /things (createThing) / viewer (not in x-roles) → 403",
            "POST /things (createThing) / tenant B's admin → nothing of tenant A's",
            "GET /things/catalog (thingCatalog) / public: no token → answered",
            "GET /things/{id}/history (thingHistory) / planned")
        .doesNotContain(
            "POST /things (createThing) / tenant B's admin on tenant A's resource → 404");
  }

  @Test
  void aFunctionThatChecksEverythingPassesAndPlannedRoutesAreSkipped() {
    Outcome outcome = run(new FakeFunction(true, true, true));

    assertThat(outcome.failed()).isEmpty();
    assertThat(outcome.skipped())
        .containsExactly("GET /things/{id}/history (thingHistory) / planned");
  }

  @Test
  void catchesAFunctionThatTrustsUnverifiedTokens() {
    assertThat(run(new FakeFunction(false, true, true)).failed())
        .contains(
            "GET /things/{id} (getThing) / expired token → 401",
            "GET /things/{id} (getThing) / token signed by another key → 401");
  }

  @Test
  void catchesAFunctionThatIgnoresRoles() {
    assertThat(run(new FakeFunction(true, false, true)).failed())
        .contains("POST /things (createThing) / viewer (not in x-roles) → 403");
  }

  @Test
  void catchesAFunctionThatLeaksAcrossTenants() {
    assertThat(run(new FakeFunction(true, true, false)).failed())
        .containsExactly(
            "GET /things/{id} (getThing) / tenant B's admin on tenant A's resource → 404");
  }

  @Test
  void catchesAFunctionThatShowsTenantAsResourcesOnARouteWithoutAnId() {
    FakeFunction checked = new FakeFunction(true, true, true);
    MatrixTarget leaky =
        request -> {
          MatrixResponse answer = checked.send(request);
          return request.resource().equals("/things") && answer.status() == 201
              ? new MatrixResponse(201, "{\"items\":[\"thing-of-a\"]}")
              : answer;
        };
    assertThat(run(leaky).failed())
        .containsExactly("POST /things (createThing) / tenant B's admin → nothing of tenant A's");
  }

  @Test
  void catchesAnAllowedCallerThatIsNotServed() {
    FakeFunction checked = new FakeFunction(true, true, true);
    MatrixTarget failing =
        request ->
            request.token() != null && request.resource().equals("/things/{id}")
                ? new MatrixResponse(400, "bad")
                : checked.send(request);
    assertThat(run(failing).failed())
        .contains(
            "GET /things/{id} (getThing) / tenant A's admin → allowed",
            "GET /things/{id} (getThing) / tenant A's viewer → allowed");
  }

  private record Outcome(List<String> failed, List<String> skipped) {}

  private static Stream<DynamicNode> matrix(MatrixTarget target) {
    return SecurityMatrix.forFunction(CONTRACT, "things").tests(target, FIXTURE);
  }

  private static Outcome run(MatrixTarget target) {
    List<String> failed = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    execute(matrix(target), "", failed, skipped);
    return new Outcome(failed, skipped);
  }

  private static void execute(
      Stream<? extends DynamicNode> nodes,
      String prefix,
      List<String> failed,
      List<String> skipped) {
    nodes.forEach(
        node -> {
          String name = prefix + node.getDisplayName();
          if (node instanceof DynamicContainer container) {
            execute(container.getChildren(), name + " / ", failed, skipped);
          } else {
            try {
              ((DynamicTest) node).getExecutable().execute();
            } catch (TestAbortedException e) {
              skipped.add(name);
            } catch (Throwable e) {
              failed.add(name);
            }
          }
        });
  }

  private static void collect(
      Stream<? extends DynamicNode> nodes, String prefix, List<String> names) {
    nodes.forEach(
        node -> {
          String name = prefix + node.getDisplayName();
          if (node instanceof DynamicContainer container) {
            collect(container.getChildren(), name + " / ", names);
          } else {
            names.add(name);
          }
        });
  }
}
