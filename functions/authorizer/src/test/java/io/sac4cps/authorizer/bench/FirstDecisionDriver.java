package io.sac4cps.authorizer.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import io.sac4cps.authorizer.TokenAuthorizerHandler;
import java.util.Map;

/**
 * Runs in a fresh JVM on the shaded jar, as Lambda would: constructs the handler (reading its
 * environment), decides one REQUEST event, and prints {@code FIRST_DECISION_MS=<ms since JVM start>
 * EFFECT=<Allow|Deny>}. Arguments: bearer token, HTTP method, resource template, path.
 */
public final class FirstDecisionDriver {
  private FirstDecisionDriver() {}

  public static void main(String[] args) {
    TokenAuthorizerHandler handler = new TokenAuthorizerHandler();
    APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
    event.setType("REQUEST");
    event.setHttpMethod(args[1]);
    event.setResource(args[2]);
    event.setPath(args[3]);
    event.setMethodArn(
        "arn:aws:execute-api:eu-west-1:123456789012:bench/prod/" + args[1] + args[3]);
    event.setHeaders(Map.of("Authorization", "Bearer " + args[0]));
    IamPolicyResponseV1 policy = handler.handleRequest(event, null);
    long decidedAt = System.currentTimeMillis();
    // The JVM's own record of its start (ProcessHandle's is only to the second on Linux), read
    // after deciding so that loading the management classes is not in the figure. The JVM takes
    // this time a little after it begins booting: the benchmark also reports spawn-to-decision.
    long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    @SuppressWarnings("unchecked")
    Map<String, Object>[] statements =
        (Map<String, Object>[]) policy.getPolicyDocument().get("Statement");
    System.out.println(
        "FIRST_DECISION_MS=" + (decidedAt - jvmStart) + " EFFECT=" + statements[0].get("Effect"));
  }
}
