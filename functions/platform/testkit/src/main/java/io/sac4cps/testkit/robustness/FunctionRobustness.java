package io.sac4cps.testkit.robustness;

import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.lambda.ApiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * A function's robustness suite as a test class: extend it, name the function, start it and give
 * the fixture; the cases come from contracts/openapi.yaml ({@link ContractRobustness}), so a new
 * route or field is covered without editing the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FunctionRobustness {
  private final String function;
  private ApiFunction running;
  private RobustnessFixture fixture;

  /**
   * @param function the function's name in contracts/wiring.yaml and {@code x-function}
   */
  protected FunctionRobustness(String function) {
    this.function = function;
  }

  protected abstract ApiFunction start(Infrastructure infrastructure) throws Exception;

  protected abstract RobustnessFixture fixture(ApiFunction function) throws Exception;

  @BeforeAll
  final void startFunction(Infrastructure infrastructure) throws Exception {
    running = start(infrastructure);
    fixture = fixture(running);
  }

  @AfterAll
  final void stopFunction() {
    if (running != null) {
      running.close();
    }
  }

  @TestFactory
  final Stream<DynamicNode> robustness() {
    return ContractRobustness.forFunction(function).tests(running, fixture);
  }
}
