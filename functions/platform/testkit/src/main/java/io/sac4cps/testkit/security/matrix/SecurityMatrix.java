package io.sac4cps.testkit.security.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.contracts.api.Operation;
import io.sac4cps.testkit.security.TestTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * Security tests generated from contracts/openapi.yaml for every operation of one function ({@code
 * x-function}): a route added to the contract is tested without touching the test. For a secured
 * operation: no token, an expired token, a token signed by another key and a token for another
 * audience or issuer, one without a tenant claim, an unsigned ({@code alg: none}) one and an HS256
 * one keyed with the public key answer 401; each role not in {@code x-roles} answers 403; tenant
 * B's caller naming tenant A's resource answers 404 (its existence is not revealed), and on a route
 * without one (lists, creations) is answered without any of tenant A's ids; each role in {@code
 * x-roles} of tenant A gets a 2xx whose body conforms to the contract. A public operation answers a
 * caller without a token. Operations still {@code x-status: planned} are reported as skipped.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> securityMatrix() {
 *   return SecurityMatrix.forFunction("rooms")
 *       .tests(MatrixTarget.of(rooms), fixture);
 * }
 * }</pre>
 */
public final class SecurityMatrix {
  private final String function;
  private final List<Operation> operations;
  private final List<String> roles;

  private SecurityMatrix(ApiContract contract, String function) {
    this.function = function;
    this.operations = contract.operationsOf(function);
    this.roles = roles(contract);
    if (operations.isEmpty()) {
      throw new IllegalArgumentException("contracts/openapi.yaml has no operation of " + function);
    }
  }

  /** The matrix of {@code function} in the contract the contracts jar carries. */
  public static SecurityMatrix forFunction(String function) {
    return new SecurityMatrix(ApiContract.load(), function);
  }

  public static SecurityMatrix forFunction(ApiContract contract, String function) {
    return new SecurityMatrix(contract, function);
  }

  /** One container per operation, one test per case. */
  public Stream<DynamicNode> tests(MatrixTarget target, MatrixFixture fixture) {
    Map<String, Map<String, String>> resources = new ConcurrentHashMap<>();
    return operations.stream()
        .map(
            operation ->
                DynamicContainer.dynamicContainer(
                    operation.method()
                        + " "
                        + operation.path()
                        + " ("
                        + operation.operationId()
                        + ")",
                    cases(operation, target, fixture, resources)));
  }

  private Stream<DynamicNode> cases(
      Operation operation,
      MatrixTarget target,
      MatrixFixture fixture,
      Map<String, Map<String, String>> resources) {
    if (operation.planned()) {
      return Stream.of(
          DynamicTest.dynamicTest(
              "planned",
              () ->
                  Assumptions.abort(
                      operation.operationId()
                          + " is x-status: planned in contracts/openapi.yaml; "
                          + function
                          + " does not serve it yet")));
    }
    Case cases = new Case(operation, target, fixture, resources);
    List<DynamicNode> tests = new ArrayList<>();
    if (!operation.secured()) {
      tests.add(
          DynamicTest.dynamicTest("public: no token → answered", () -> cases.assertAllowed(null)));
      return tests.stream();
    }
    tests.add(DynamicTest.dynamicTest("no token → 401", () -> cases.assertStatus(null, 401)));
    tests.add(
        DynamicTest.dynamicTest(
            "expired token → 401",
            () ->
                cases.assertStatus(
                    cases.variant().expiresAt(Instant.now().minusSeconds(60)).sign(), 401)));
    tests.add(
        DynamicTest.dynamicTest(
            "token signed by another key → 401",
            () ->
                cases.assertStatus(
                    cases.variant().signedWith(TestTokens.foreignKey()).sign(), 401)));
    tests.add(
        DynamicTest.dynamicTest(
            "token for another audience → 401",
            () -> cases.assertStatus(cases.variant().audience("another-api").sign(), 401)));
    tests.add(
        DynamicTest.dynamicTest(
            "token from another issuer → 401",
            () ->
                cases.assertStatus(
                    cases.variant().issuer("https://issuer.example.org").sign(), 401)));
    tests.add(
        DynamicTest.dynamicTest(
            "token without a tenant claim → 401",
            () -> cases.assertStatus(cases.variant().tenant(null).sign(), 401)));
    tests.add(
        DynamicTest.dynamicTest(
            "unsigned token (alg none) → 401",
            () -> cases.assertStatus(cases.variant().unsigned(), 401)));
    tests.add(
        DynamicTest.dynamicTest(
            "HS256 token keyed with the public key → 401",
            () -> cases.assertStatus(cases.variant().signedWithPublicKeyAsHmacSecret(), 401)));
    for (String role : roles) {
      if (!operation.allows(role)) {
        tests.add(
            DynamicTest.dynamicTest(
                role + " (not in x-roles) → 403",
                () -> cases.assertStatus(fixture.token(fixture.tenantA(), role), 403)));
      }
    }
    if (!operation.pathParameterNames().isEmpty() && !operation.roles().isEmpty()) {
      String role = operation.roles().get(0);
      tests.add(
          DynamicTest.dynamicTest(
              "tenant B's " + role + " on tenant A's resource → 404",
              () -> cases.assertStatus(fixture.token(fixture.tenantB(), role), 404)));
    } else if (!operation.roles().isEmpty()) {
      String role = operation.roles().get(0);
      tests.add(
          DynamicTest.dynamicTest(
              "tenant B's " + role + " → nothing of tenant A's",
              () ->
                  cases.assertNothingOf(
                      fixture.token(fixture.tenantB(), role),
                      tenantAIdentifiers(fixture, resources))));
    }
    for (String role : operation.roles()) {
      tests.add(
          DynamicTest.dynamicTest(
              "tenant A's " + role + " → allowed",
              () -> cases.assertAllowed(fixture.token(fixture.tenantA(), role))));
    }
    return tests.stream();
  }

  /** The requests of one operation. */
  private static final class Case {
    private final Operation operation;
    private final MatrixTarget target;
    private final MatrixFixture fixture;
    private final Map<String, Map<String, String>> resources;

    Case(
        Operation operation,
        MatrixTarget target,
        MatrixFixture fixture,
        Map<String, Map<String, String>> resources) {
      this.operation = operation;
      this.target = target;
      this.fixture = fixture;
      this.resources = resources;
    }

    /** A token of tenant A with an allowed role, to be spoiled in one way. */
    TestTokens.Builder variant() {
      String role = operation.roles().isEmpty() ? "admin" : operation.roles().get(0);
      return TestTokens.builder().tenant(fixture.tenantA()).roles(role);
    }

    void assertStatus(String token, int expected) {
      MatrixResponse response = send(token);
      assertThat(response.status())
          .as("%s %s answered %s", operation.method(), operation.path(), response.body())
          .isEqualTo(expected);
    }

    /**
     * A 2xx, or a status the fixture names for the operation; that its body conforms is checked by
     * the target ({@link MatrixTarget#of}).
     */
    void assertAllowed(String token) {
      MatrixResponse response = send(token);
      int status = response.status();
      assertThat(
              (status >= 200 && status <= 299)
                  || fixture.allowedAnswers(operation).contains(status))
          .as("%s %s answered %s %s", operation.method(), operation.path(), status, response.body())
          .isTrue();
    }

    /**
     * Another tenant's caller is answered (a read with a 2xx) without any of tenant A's
     * identifiers, except those its own request carried.
     */
    void assertNothingOf(String token, List<String> identifiers) {
      String body = fixture.body(operation);
      MatrixResponse response = send(token, body);
      String why =
          "%s %s answered %s".formatted(operation.method(), operation.path(), response.body());
      if (operation.method().equals("GET")) {
        assertThat(response.status()).as(why).isBetween(200, 299);
      } else {
        assertThat(response.status()).as(why).isLessThan(500);
      }
      for (String identifier : identifiers) {
        if (body == null || !body.contains(identifier)) {
          assertThat(String.valueOf(response.body())).as(why).doesNotContain(identifier);
        }
      }
    }

    private MatrixResponse send(String token) {
      return send(token, fixture.body(operation));
    }

    private MatrixResponse send(String token, String body) {
      Map<String, String> parameters =
          operation.pathParameterNames().isEmpty()
              ? Map.of()
              : resources.computeIfAbsent(
                  operation.operationId(), id -> fixture.pathParameters(operation));
      return target.send(
          new MatrixRequest(
              operation.method(),
              operation.path(),
              parameters,
              fixture.queryParameters(operation),
              token,
              body));
    }
  }

  /** Tenant A's id and the ids of its resources that the matrix addresses. */
  private List<String> tenantAIdentifiers(
      MatrixFixture fixture, Map<String, Map<String, String>> resources) {
    List<String> identifiers = new ArrayList<>(List.of(fixture.tenantA()));
    for (Operation other : operations) {
      if (!other.planned() && !other.pathParameterNames().isEmpty()) {
        identifiers.addAll(
            resources
                .computeIfAbsent(other.operationId(), id -> fixture.pathParameters(other))
                .values());
      }
    }
    return identifiers;
  }

  /** The roles the contract knows ({@code components.schemas.Role.enum}). */
  @SuppressWarnings("unchecked")
  private static List<String> roles(ApiContract contract) {
    Object components = contract.document().get("components");
    if (components instanceof Map<?, ?> c
        && c.get("schemas") instanceof Map<?, ?> schemas
        && schemas.get("Role") instanceof Map<?, ?> role
        && role.get("enum") instanceof List<?> values) {
      return (List<String>) values;
    }
    throw new IllegalStateException("contracts/openapi.yaml defines no Role enum");
  }
}
