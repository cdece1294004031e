package io.sac4cps.testkit;

import io.sac4cps.testkit.lambda.ApiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A suite generated from contracts/openapi.yaml for one function, as a test class: the function
 * starts once on the class's servers, the fixture {@code F} is made through it, and the function is
 * closed after the class. The security matrix and the robustness suite are its two kinds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FunctionSuite<F> {
  private final String function;
  private ApiFunction running;
  private F fixture;

  /**
   * @param function the function's name in contracts/wiring.yaml and {@code x-function}
   */
  protected FunctionSuite(String function) {
    this.function = function;
  }

  /** Starts the function on the test class's servers. */
  protected abstract ApiFunction start(Infrastructure infrastructure) throws Exception;

  /** Tenant A's resources and the callers' tokens, made through the running function. */
  protected abstract F fixture(ApiFunction function) throws Exception;

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

  protected final String function() {
    return function;
  }

  protected final ApiFunction running() {
    return running;
  }

  protected final F fixture() {
    return fixture;
  }
}
