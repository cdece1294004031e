package io.sac4cps.testkit.security.matrix;

import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.lambda.ApiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * A function's security matrix as a test class: extend it, name the function, start it and make the
 * fixture; the cases come from contracts/openapi.yaml ({@link SecurityMatrix}). Every function with
 * active routes must have one (SecurityMatrixCoverageTest in the test kit fails otherwise).
 *
 * <pre>{@code
 * @EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SNS})
 * class RoomsSecurityMatrixIT extends FunctionSecurityMatrix {
 *   RoomsSecurityMatrixIT() { super("rooms"); }
 *   protected ApiFunction start(Infrastructure infrastructure) { ... }
 *   protected MatrixFixture fixture(ApiFunction rooms) { ... }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FunctionSecurityMatrix {
  private final String function;
  private ApiFunction running;
  private MatrixFixture fixture;

  /**
   * @param function the function's name in contracts/wiring.yaml and {@code x-function}
   */
  protected FunctionSecurityMatrix(String function) {
    this.function = function;
  }

  /** Starts the function on the test class's servers. */
  protected abstract ApiFunction start(Infrastructure infrastructure) throws Exception;

  /** Tenant A's resources and the callers' tokens, made through the running function. */
  protected abstract MatrixFixture fixture(ApiFunction function) throws Exception;

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
  final Stream<DynamicNode> securityMatrix() {
    return SecurityMatrix.forFunction(function).tests(MatrixTarget.of(running), fixture);
  }
}
