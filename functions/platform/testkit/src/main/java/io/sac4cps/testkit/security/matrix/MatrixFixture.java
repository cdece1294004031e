package io.sac4cps.testkit.security.matrix;

import io.sac4cps.contracts.api.Operation;
import io.sac4cps.testkit.security.TestTokens;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

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
   * Query parameters a valid request of the operation carries (e.g. a required {@code metric}), so
   * that a caller of another tenant is refused for the resource, not for a missing parameter.
   */
  default Map<String, String> queryParameters(Operation operation) {
    return Map.of();
  }

  /**
   * A body that passes validation for callers who may use the operation, or null. Called for every
   * request, so it may make each body unique (e.g. a new email per registration).
   */
  default String body(Operation operation) {
    return null;
  }

  /**
   * Statuses besides a 2xx that an allowed caller gets for the fixture's resource, as the contract
   * documents them (a 303 to a download, a 409 cancelling a task that already finished).
   */
  default java.util.Set<Integer> allowedAnswers(Operation operation) {
    return java.util.Set.of();
  }

  /** A valid token of a caller in {@code tenantId} holding {@code role}. */
  default String token(String tenantId, String role) {
    return testToken(tenantId, role);
  }

  /** A token of the test kit's trusted key: what {@link #token} gives unless overridden. */
  static String testToken(String tenantId, String role) {
    return TestTokens.token("matrix-" + role + "-" + tenantId, tenantId, role);
  }

  /**
   * A fixture of two tenants, with what the function's operations need added by operation id.
   * Tenant ids may be made up for functions that trust the token's tenant.
   */
  static Builder builder(String tenantA, String tenantB) {
    return new Builder(tenantA, tenantB);
  }

  /** What one function's matrix needs, declared per operation id. */
  final class Builder {
    private final String tenantA;
    private final String tenantB;
    private Map<String, String> pathParameters;
    private final Map<String, Map<String, String>> queryParameters = new HashMap<>();
    private final Map<String, Supplier<String>> bodies = new HashMap<>();
    private BinaryOperator<String> tokens = MatrixFixture::testToken;
    private final Map<String, java.util.Set<Integer>> answers = new HashMap<>();

    private Builder(String tenantA, String tenantB) {
      this.tenantA = tenantA;
      this.tenantB = tenantB;
    }

    /** Path parameters naming a resource of tenant A, for every operation that has any. */
    public Builder pathParameters(Map<String, String> pathParameters) {
      this.pathParameters = Map.copyOf(pathParameters);
      return this;
    }

    public Builder queryParameters(String operationId, Map<String, String> queryParameters) {
      this.queryParameters.put(operationId, Map.copyOf(queryParameters));
      return this;
    }

    /** The body of the operation's requests, made anew for each (e.g. a unique email). */
    public Builder body(String operationId, Supplier<String> body) {
      bodies.put(operationId, body);
      return this;
    }

    /** Statuses besides a 2xx an allowed caller gets for the fixture's resource. */
    public Builder allowedAnswers(String operationId, Integer... statuses) {
      answers.put(operationId, java.util.Set.of(statuses));
      return this;
    }

    /** Callers' tokens, {@code (tenantId, role) -> token}, e.g. ones the function issued itself. */
    public Builder tokens(BinaryOperator<String> tokens) {
      this.tokens = tokens;
      return this;
    }

    public MatrixFixture build() {
      Map<String, String> resource = pathParameters;
      Map<String, Map<String, String>> queries = Map.copyOf(queryParameters);
      Map<String, Supplier<String>> bodyByOperation = Map.copyOf(bodies);
      BinaryOperator<String> tokenOf = tokens;
      Map<String, java.util.Set<Integer>> answersOf = Map.copyOf(answers);
      return new MatrixFixture() {
        @Override
        public java.util.Set<Integer> allowedAnswers(Operation operation) {
          return answersOf.getOrDefault(operation.operationId(), java.util.Set.of());
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
        public Map<String, String> pathParameters(Operation operation) {
          return resource != null ? resource : MatrixFixture.super.pathParameters(operation);
        }

        @Override
        public Map<String, String> queryParameters(Operation operation) {
          return queries.getOrDefault(operation.operationId(), Map.of());
        }

        @Override
        public String body(Operation operation) {
          Supplier<String> body = bodyByOperation.get(operation.operationId());
          return body == null ? null : body.get();
        }

        @Override
        public String token(String tenantId, String role) {
          return tokenOf.apply(tenantId, role);
        }
      };
    }
  }
}
