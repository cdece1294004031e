package io.sac4cps.testkit.security.matrix;

import io.sac4cps.testkit.FunctionSuite;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

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
public abstract class FunctionSecurityMatrix extends FunctionSuite<MatrixFixture> {
  /**
   * @param function the function's name in contracts/wiring.yaml and {@code x-function}
   */
  protected FunctionSecurityMatrix(String function) {
    super(function);
  }

  @TestFactory
  final Stream<DynamicNode> securityMatrix() {
    return SecurityMatrix.forFunction(function()).tests(MatrixTarget.of(running()), fixture());
  }
}
