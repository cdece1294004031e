package io.sac4cps.platform.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.micronaut.http.HttpRequest;
import io.micronaut.servlet.http.ServletHttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The request body exactly as API Gateway delivered it, read from the proxy event without consuming
 * the body Micronaut binds later: what the size limit and the contract check judge, whatever the
 * {@code Content-Length} header claims.
 */
public final class ReceivedBody {
  private ReceivedBody() {}

  public static Optional<String> of(HttpRequest<?> request) {
    if (request instanceof ServletHttpRequest<?, ?> servlet
        && servlet.getNativeRequest() instanceof APIGatewayProxyRequestEvent event) {
      String body = event.getBody();
      if (body != null && Boolean.TRUE.equals(event.getIsBase64Encoded())) {
        try {
          body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return Optional.of(body);
        }
      }
      return Optional.ofNullable(body);
    }
    return request.getBody(String.class);
  }

  /** Whether the body takes more than {@code maxBytes} in UTF-8. */
  public static boolean exceeds(HttpRequest<?> request, long maxBytes) {
    String body = of(request).orElse("");
    // A UTF-16 unit is at most 3 UTF-8 bytes: most bodies are decided without encoding them.
    return (long) body.length() * 3 > maxBytes
        && body.getBytes(StandardCharsets.UTF_8).length > maxBytes;
  }
}
