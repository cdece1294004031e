package io.sac4cps.testkit.robustness;

import io.sac4cps.contracts.api.Operation;
import io.sac4cps.testkit.security.matrix.MatrixFixture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What the robustness suite needs beyond the contract: a function's {@link MatrixFixture} (tenant
 * A's resource, valid bodies, tokens), more valid bodies where an operation takes several shapes,
 * and the fields whose contract-valid values a stated domain rule may still refuse (a reading's
 * value implausible for its sensor, a sensor id that is not the caller's).
 */
public final class RobustnessFixture {
  private final MatrixFixture matrix;
  private final Map<String, List<Supplier<String>>> bodies;
  private final Map<String, Set<String>> domainRuled;
  private final Map<String, Set<Integer>> otherAnswers;

  private RobustnessFixture(Builder builder) {
    this.matrix = builder.matrix;
    this.bodies = Map.copyOf(builder.bodies);
    this.domainRuled = Map.copyOf(builder.domainRuled);
    this.otherAnswers = Map.copyOf(builder.otherAnswers);
  }

  public static Builder of(MatrixFixture matrix) {
    return new Builder(matrix);
  }

  public MatrixFixture matrix() {
    return matrix;
  }

  /**
   * The valid bodies of the operation, the matrix fixture's then any added here, each made anew for
   * every request (a new id, a new email).
   */
  List<Supplier<String>> bodies(Operation operation) {
    List<Supplier<String>> all = new ArrayList<>();
    if (matrix.body(operation) != null) {
      all.add(() -> matrix.body(operation));
    }
    all.addAll(bodies.getOrDefault(operation.operationId(), List.of()));
    return all;
  }

  /** Whether a domain rule may refuse a contract-valid value of {@code field} (a 4xx naming it). */
  boolean domainRuled(Operation operation, String field) {
    return domainRuled.getOrDefault(operation.operationId(), Set.of()).stream()
        .anyMatch(pattern -> glob(pattern).matcher(field).matches());
  }

  /** {@code readings[].value}: any index; {@code *.min}: any field name in that place. */
  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (String part : pattern.split("(?=\\[])|(?<=\\[])|(?=\\*)|(?<=\\*)")) {
      regex.append(
          switch (part) {
            case "[]" -> "\\[\\d+]";
            case "*" -> "[^.\\[]+";
            default -> Pattern.quote(part);
          });
    }
    return Pattern.compile(regex.toString());
  }

  /** Statuses a contract-valid request of the operation may get besides 2xx (e.g. 401 on login). */
  Set<Integer> otherAnswers(Operation operation) {
    return otherAnswers.getOrDefault(operation.operationId(), Set.of());
  }

  public static final class Builder {
    private final MatrixFixture matrix;
    private final Map<String, List<Supplier<String>>> bodies = new HashMap<>();
    private final Map<String, Set<String>> domainRuled = new HashMap<>();
    private final Map<String, Set<Integer>> otherAnswers = new HashMap<>();

    private Builder(MatrixFixture matrix) {
      this.matrix = matrix;
    }

    /** Another valid body of the operation, e.g. the batch form where the matrix sends one. */
    public Builder body(String operationId, Supplier<String> body) {
      bodies.computeIfAbsent(operationId, id -> new ArrayList<>()).add(body);
      return this;
    }

    /**
     * Fields ({@code readings[].value}: any index; {@code *.min}: any name) whose valid values a
     * documented domain rule may refuse with a 4xx problem naming the fields at fault (a rule
     * across fields may name another, e.g. a range too long for {@code interval}).
     */
    public Builder domainRule(String operationId, String... fields) {
      domainRuled.put(operationId, Set.of(fields));
      return this;
    }

    /** Statuses a valid request may get, e.g. 401 for a login with a well-formed wrong password. */
    public Builder otherAnswers(String operationId, Integer... statuses) {
      otherAnswers.put(operationId, Set.of(statuses));
      return this;
    }

    public RobustnessFixture build() {
      return new RobustnessFixture(this);
    }
  }
}
