package io.sac4cps.testkit.security.matrix;

import io.sac4cps.contracts.api.Operation;
import io.sac4cps.testkit.security.TestTokens;
import java.util.Map;

/**
 * What a function's security matrix needs to know beyond the contract: whose tenant is whose, how
 * to make a resource of tenant A for an operation's path parameters, a body that passes validation,
 * and tokens.
 */
public interface MatrixFixture {

  /** The tenant that owns the resources the matrix addresses. */
  String tenantA();

  /** Another tenant, whose callers must never see tenant A's resources. */
  String tenantB();

  /**
   * Values for the operation's path parameters naming a resource of {@link #tenantA()}, created
   * here as needed. Called once per operation that has path parameters.
   */
  default Map<String, String> pathParameters(Operation operation) {
    throw new UnsupportedOperationException(
        "the fixture must supply path parameters for "
            + operation.method()
            + " "
            + operation.path());
  }

  /**
   * A body that passes validation for callers who may use the operation, or null. Called for every
   * request, so it may make each body unique (e.g. a new email per registration).
   */
  default String body(Operation operation) {
    return null;
  }

  /** A valid token of a caller in {@code tenantId} holding {@code role}. */
  default String token(String tenantId, String role) {
    return TestTokens.token("matrix-" + role + "-" + tenantId, tenantId, role);
  }

  /** A fixture whose tenants are made-up ids: for functions that trust the token's tenant. */
  static MatrixFixture withTenants(String tenantA, String tenantB) {
    return new MatrixFixture() {
      @Override
      public String tenantA() {
        return tenantA;
      }

      @Override
      public String tenantB() {
        return tenantB;
      }
    };
  }
}
