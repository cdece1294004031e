package io.sac4cps.notifications.live;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Lambda of the WebSocket API's $connect, $disconnect and $default routes ({@code
 * websocket.handler} in contracts/wiring.yaml); the work is {@link LiveConnections}'. $connect
 * comes after the authorizer allowed the token (decision 0017), with its context {@code tenantId},
 * {@code roles} (comma-joined) and {@code sub}; a client that offered the {@code bearer}
 * subprotocol gets {@code Sec-WebSocket-Protocol: bearer} back, never the token.
 */
public class NotificationsWebSocketHandler
    extends MicronautRequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
  static final String SUBPROTOCOL = "bearer";

  @Inject LiveConnections live;

  public NotificationsWebSocketHandler() {}

  /** For tests and the local stack: a handler on an existing context. */
  public NotificationsWebSocketHandler(io.micronaut.context.ApplicationContext context) {
    super(context);
  }

  @Override
  public APIGatewayV2WebSocketResponse execute(APIGatewayV2WebSocketEvent event) {
    var context = event.getRequestContext();
    if (context == null || context.getConnectionId() == null) {
      return response(400);
    }
    String connectionId = context.getConnectionId();
    String route = context.getRouteKey() == null ? "$default" : context.getRouteKey();
    return switch (route) {
      case "$connect" -> connect(event, connectionId);
      case "$disconnect" -> {
        live.disconnected(connectionId);
        yield response(200);
      }
      default -> response(live.received(connectionId, event.getBody()) ? 200 : 403);
    };
  }

  private APIGatewayV2WebSocketResponse connect(
      APIGatewayV2WebSocketEvent event, String connectionId) {
    Map<String, Object> authorizer = event.getRequestContext().getAuthorizer();
    if (authorizer == null) {
      return response(401);
    }
    Set<String> roles =
        Arrays.stream(String.valueOf(authorizer.getOrDefault("roles", "")).split(","))
            .map(String::strip)
            .filter(r -> !r.isEmpty())
            .collect(Collectors.toSet());
    boolean stored =
        live.connected(
            connectionId, string(authorizer.get("tenantId")), string(authorizer.get("sub")), roles);
    APIGatewayV2WebSocketResponse response = response(stored ? 200 : 401);
    if (stored && offersBearer(event.getHeaders())) {
      response.setHeaders(new HashMap<>(Map.of("Sec-WebSocket-Protocol", SUBPROTOCOL)));
    }
    return response;
  }

  private static boolean offersBearer(Map<String, String> headers) {
    if (headers == null) {
      return false;
    }
    return headers.entrySet().stream()
        .filter(h -> h.getKey().equalsIgnoreCase("Sec-WebSocket-Protocol"))
        .flatMap(h -> Arrays.stream(h.getValue().split(",")))
        .anyMatch(p -> p.strip().equals(SUBPROTOCOL));
  }

  private static String string(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  private static APIGatewayV2WebSocketResponse response(int status) {
    var response = new APIGatewayV2WebSocketResponse();
    response.setStatusCode(status);
    return response;
  }
}
