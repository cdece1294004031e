package io.sac4cps.testkit.contract;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.List;

/**
 * JUnit assertions that handler requests and responses conform to {@code contracts/openapi.yaml}.
 * Failures list every violation the validator found.
 *
 * <pre>{@code
 * APIGatewayProxyResponseEvent response = handler.handleRequest(request, context);
 * assertMatchesContract("GET", "/sensors/temp-1", response);
 * }</pre>
 */
public final class ContractAssertions {

  private ContractAssertions() {}

  /** {@code response} is a documented answer (status, headers, body) to {@code method path}. */
  public static void assertMatchesContract(
      String method, String path, APIGatewayProxyResponseEvent response) {
    fail(
        method + " " + path + " response (status " + response.getStatusCode() + ")",
        OpenApiContractCheck.platformContract().responseViolations(method, path, response),
        response.getBody());
  }

  /** Both the request and the response to it conform. */
  public static void assertMatchesContract(
      APIGatewayProxyRequestEvent request, APIGatewayProxyResponseEvent response) {
    assertRequestMatchesContract(request);
    assertMatchesContract(request.getHttpMethod(), request.getPath(), response);
  }

  /** {@code request} addresses a declared operation with valid parameters, headers and body. */
  public static void assertRequestMatchesContract(APIGatewayProxyRequestEvent request) {
    fail(
        request.getHttpMethod() + " " + request.getPath() + " request",
        OpenApiContractCheck.platformContract().requestViolations(request),
        request.getBody());
  }

  private static void fail(String what, List<String> violations, String body) {
    if (!violations.isEmpty()) {
      throw new AssertionError(
          what
              + " violates contracts/openapi.yaml:\n  - "
              + String.join("\n  - ", violations)
              + "\nbody: "
              + body);
    }
  }
}
