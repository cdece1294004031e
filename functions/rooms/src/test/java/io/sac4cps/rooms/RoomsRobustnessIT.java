package io.sac4cps.rooms;

import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.robustness.FunctionRobustness;
import io.sac4cps.testkit.robustness.RobustnessFixture;

/**
 * Every rooms operation and field of contracts/openapi.yaml with generated bad and boundary input
 * (ContractRobustness): a new route or field is covered without touching this class.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SNS})
class RoomsRobustnessIT extends FunctionRobustness {

  RoomsRobustnessIT() {
    super("rooms");
  }

  @Override
  protected ApiFunction start(Infrastructure infrastructure) {
    return ApiFunction.builder("rooms")
        .properties(infrastructure.properties())
        .property("sac4cps.sns.create-topics", true)
        .start();
  }

  @Override
  protected RobustnessFixture fixture(ApiFunction rooms) {
    return RobustnessFixture.of(RoomsSecurityMatrixIT.tenantA(rooms))
        // Documented: min must not be above max; a range of more than 1000 points names interval.
        .domainRule("putRoomThresholds", "*.min", "*.max")
        .domainRule("getRoomHistory", "from", "to")
        .build();
  }
}
