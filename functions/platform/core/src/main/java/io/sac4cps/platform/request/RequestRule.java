package io.sac4cps.platform.request;

import io.micronaut.json.tree.JsonNode;
import io.sac4cps.platform.problem.Problem.FieldError;
import java.util.List;

/**
 * A function's own rule on one operation's body that no schema can state (a threshold's {@code min}
 * not above its {@code max}), judged from the body alone. When the contract check refuses a
 * request, it runs the operation's rules too, so one 400 names every field at fault. A rule has no
 * side effects and must cope with a body that breaks the schema.
 */
public interface RequestRule {

  /** The operation of contracts/openapi.yaml whose bodies it judges. */
  String operationId();

  /** What is wrong with {@code body}; empty when the rule holds. */
  List<FieldError> violations(JsonNode body);
}
