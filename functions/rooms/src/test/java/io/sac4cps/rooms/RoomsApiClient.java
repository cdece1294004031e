package io.sac4cps.rooms;

import static io.sac4cps.testkit.contract.ContractAssertions.assertMatchesContract;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.security.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Calls the rooms HTTP Lambda as API Gateway does and checks every response against
 * contracts/openapi.yaml before the test looks at it.
 */
public final class RoomsApiClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApiGatewayProxyRequestEventFunction handler;

  public RoomsApiClient(ApplicationContext context) {
    this.handler = new ApiGatewayProxyRequestEventFunction(context);
  }

  public ApiGatewayProxyRequestEventFunction handler() {
    return handler;
  }

  /** A response and its parsed body. */
  public record Response(int status, JsonNode body, Map<String, String> headers) {}

  public Response send(ApiGatewayEvents.Request request) {
    APIGatewayProxyRequestEvent event = request.build();
    APIGatewayProxyResponseEvent response =
        handler.handleRequest(event, LocalLambdaContext.of("rooms"));
    assertMatchesContract(event.getHttpMethod(), event.getPath(), response);
    try {
      JsonNode body = response.getBody() == null ? null : JSON.readTree(response.getBody());
      return new Response(response.getStatusCode(), body, response.getHeaders());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String token(String tenant, String... roles) {
    return TestTokens.token("user-" + tenant, tenant, roles);
  }

  public Response createRoom(String tenant, String json) {
    return send(
        ApiGatewayEvents.request("POST", "/rooms").json(json).bearer(token(tenant, "admin")));
  }

  /** Creates a room and returns its id. */
  public String newRoom(String tenant, String building, int floor) {
    Response created =
        createRoom(
            tenant,
            "{\"name\":\"Room\",\"building\":\"" + building + "\",\"floor\":" + floor + "}");
    if (created.status() != 201) {
      throw new AssertionError("room not created: " + created);
    }
    return created.body().get("id").asText();
  }

  public Response putThresholds(String tenant, String roomId, String json) {
    return send(
        ApiGatewayEvents.request("PUT", "/rooms/{id}/thresholds")
            .pathParameter("id", roomId)
            .json(json)
            .bearer(token(tenant, "operator")));
  }

  public Response metrics(String tenant, String roomId) {
    return send(
        ApiGatewayEvents.request("GET", "/rooms/{id}/metrics")
            .pathParameter("id", roomId)
            .bearer(token(tenant, "viewer")));
  }

  public Response history(String tenant, String roomId, Map<String, String> query) {
    ApiGatewayEvents.Request request =
        ApiGatewayEvents.request("GET", "/rooms/{id}/history")
            .pathParameter("id", roomId)
            .bearer(token(tenant, "viewer"));
    query.forEach(request::query);
    return send(request);
  }

  @Override
  public void close() {
    handler.close();
  }
}
