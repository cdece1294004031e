package io.sac4cps.identity;

import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.robustness.FunctionRobustness;
import io.sac4cps.testkit.robustness.RobustnessFixture;
import java.text.ParseException;

/**
 * Every identity operation and field of contracts/openapi.yaml with generated bad and boundary
 * input (ContractRobustness): a new route or field is covered without touching this class.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SNS})
class IdentityRobustnessIT extends FunctionRobustness {

  IdentityRobustnessIT() {
    super("identity");
  }

  @Override
  protected ApiFunction start(Infrastructure infrastructure) {
    return IdentityCalls.function(infrastructure, infrastructure.snsTopic("identity-events"))
        .start();
  }

  @Override
  protected RobustnessFixture fixture(ApiFunction identity) throws ParseException {
    return RobustnessFixture.of(IdentitySecurityMatrixIT.tenantA(identity))
        // Documented in RegisterRequest: email format and uniqueness, the password policy, and
        // organization/roles depending on whether an admin's token comes along.
        .domainRule("register", "email", "password", "organization", "roles", "roles[]")
        // A well-formed but wrong credential is a 401 (429 once throttled), not a 400.
        .otherAnswers("login", 401, 429)
        .otherAnswers("issueToken", 401, 429)
        .domainRule("issueToken", "grant_type", "refresh_token", "client_id", "client_secret")
        .build();
  }
}
