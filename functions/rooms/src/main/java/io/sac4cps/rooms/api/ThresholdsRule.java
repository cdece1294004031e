package io.sac4cps.rooms.api;

import io.micronaut.json.tree.JsonNode;
import io.sac4cps.platform.problem.Problem.FieldError;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.platform.request.RequestRule;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * {@code min} not above {@code max} and the other threshold rules of {@link ThresholdsBody}, judged
 * alongside the contract's schema so one 400 names every field at fault.
 */
@Singleton
class ThresholdsRule implements RequestRule {
  @Override
  public String operationId() {
    return "putRoomThresholds";
  }

  @Override
  public List<FieldError> violations(JsonNode body) {
    try {
      ThresholdsBody.parse(body);
      return List.of();
    } catch (ProblemException e) {
      return e.errors();
    }
  }
}
