package io.sac4cps.localstack.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Errors the gateway raises itself, before or instead of a function: RFC 9457 problem+json in the
 * shape the CDK app's gateway responses and the functions' problems give (type {@code about:blank},
 * title, status, detail, requestId).
 */
final class GatewayProblems {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GatewayProblems() {}

  static GatewayResponse problem(int status, String title, String detail, String requestId) {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("requestId", requestId);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of("application/problem+json"));
    headers.put("x-amzn-ErrorType", List.of(errorType(status)));
    return new GatewayResponse(status, headers, body.toString().getBytes());
  }

  static GatewayResponse notFound(String requestId, String path) {
    return problem(404, "Not Found", "No route matches " + path, requestId);
  }

  static GatewayResponse methodNotAllowed(
      String requestId, String method, String path, List<String> allowed) {
    return problem(
            405,
            "Method Not Allowed",
            method + " is not allowed on " + path + "; allowed: " + String.join(", ", allowed),
            requestId)
        .withHeader("Allow", String.join(", ", allowed));
  }

  static GatewayResponse tooLarge(String requestId, long limit) {
    return problem(
        413, "Request Too Long", "The request body exceeds " + limit + " bytes", requestId);
  }

  static GatewayResponse throttled(String requestId) {
    return problem(429, "Too Many Requests", "Too Many Requests", requestId)
        .withHeader("Retry-After", "1");
  }

  /**
   * What API Gateway answers for a request AWS WAF blocked: 403 through the DEFAULT_4XX gateway
   * response, titled with the response type (infra/cdk ContractRestApi).
   */
  static GatewayResponse wafFiltered(String requestId) {
    return problem(403, "WAF_FILTERED", "Forbidden", requestId);
  }

  /** RFC 6750: a 401 says what it asks for, as the functions' own 401s do. */
  static GatewayResponse unauthorized(String requestId) {
    return problem(401, "Unauthorized", "Unauthorized", requestId)
        .withHeader("WWW-Authenticate", "Bearer realm=\"sac4cps\"");
  }

  static GatewayResponse accessDenied(String requestId) {
    return problem(
        403,
        "Forbidden",
        "User is not authorized to access this resource with an explicit deny",
        requestId);
  }

  static GatewayResponse authorizerFailure(String requestId) {
    return problem(500, "AUTHORIZER_FAILURE", "Internal server error", requestId);
  }

  static GatewayResponse badGateway(String requestId) {
    return problem(502, "Bad Gateway", "Internal server error", requestId);
  }

  static GatewayResponse timeout(String requestId) {
    return problem(504, "Gateway Timeout", "Endpoint request timed out", requestId);
  }

  static GatewayResponse unavailable(String requestId, String function) {
    return problem(
        503,
        "Service Unavailable",
        "Function " + function + " is not running in the local stack (see GET /health)",
        requestId);
  }

  private static String errorType(int status) {
    return switch (status) {
      case 401 -> "UnauthorizedException";
      case 403 -> "AccessDeniedException";
      case 404 -> "NotFoundException";
      case 413 -> "RequestTooLongException";
      case 429 -> "TooManyRequestsException";
      case 504 -> "IntegrationTimeoutException";
      default -> status >= 500 ? "InternalServerErrorException" : "BadRequestException";
    };
  }
}
