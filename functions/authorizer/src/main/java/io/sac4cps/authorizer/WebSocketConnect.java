package io.sac4cps.authorizer;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import java.util.Map;

/**
 * A WebSocket API's {@code $connect}, the one WebSocket route API Gateway authorizes. Browsers
 * cannot set an Authorization header on a WebSocket handshake, so the token comes as a subprotocol
 * pair, {@code Sec-WebSocket-Protocol: bearer, <token>} ({@code new WebSocket(url, ["bearer",
 * token])}), or else as the query parameter {@code token}. The {@code $connect} integration must
 * answer with {@code Sec-WebSocket-Protocol: bearer} (never the token): a browser drops a
 * connection whose server picks no offered subprotocol. See decision 0017.
 */
final class WebSocketConnect {
  /** The subprotocol that announces the token in the next list entry, and that is echoed. */
  static final String SUBPROTOCOL = "bearer";

  static final String QUERY_PARAMETER = "token";

  private WebSocketConnect() {}

  /**
   * Whether the event authorizes a WebSocket {@code $connect}: its method ARN ends with the route
   * key ({@code arn:aws:execute-api:region:account:api-id/stage/$connect}), where a REST ARN has a
   * method and a path.
   */
  static boolean addresses(APIGatewayCustomAuthorizerEvent event) {
    String arn = event.getMethodArn();
    return arn != null && arn.endsWith("/$connect") && event.getHttpMethod() == null;
  }

  /** The token, from the subprotocol list first, then the query. */
  static String token(APIGatewayCustomAuthorizerEvent event) throws InvalidTokenException {
    String protocols = header(event.getHeaders(), "Sec-WebSocket-Protocol");
    if (protocols != null) {
      String[] offered = protocols.split(",");
      for (int i = 0; i < offered.length; i++) {
        if (offered[i].trim().equalsIgnoreCase(SUBPROTOCOL)) {
          String token = i + 1 < offered.length ? offered[i + 1].trim() : "";
          if (token.isEmpty()) {
            throw new InvalidTokenException("no token after the bearer subprotocol");
          }
          return token;
        }
      }
    }
    Map<String, String> query = event.getQueryStringParameters();
    String token = query == null ? null : query.get(QUERY_PARAMETER);
    if (token == null || token.isBlank()) {
      throw new InvalidTokenException("no token in Sec-WebSocket-Protocol or the query");
    }
    return token.trim();
  }

  private static String header(Map<String, String> headers, String name) {
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, String> entry : headers.entrySet()) {
      if (name.equalsIgnoreCase(entry.getKey())) {
        return entry.getValue();
      }
    }
    return null;
  }
}
