package io.sac4cps.testkit.robustness;

import io.sac4cps.testkit.FunctionSuite;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * A function's robustness suite as a test class: extend it, name the function, start it and give
 * the fixture; the cases come from contracts/openapi.yaml ({@link ContractRobustness}), so a new
 * route or field is covered without editing the class.
 */
public abstract class FunctionRobustness extends FunctionSuite<RobustnessFixture> {
  /**
   * @param function the function's name in contracts/wiring.yaml and {@code x-function}
   */
  protected FunctionRobustness(String function) {
    super(function);
  }

  @TestFactory
  final Stream<DynamicNode> robustness() {
    return ContractRobustness.forFunction(function()).tests(running(), fixture());
  }
}
