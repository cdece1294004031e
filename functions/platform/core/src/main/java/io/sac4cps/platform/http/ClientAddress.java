package io.sac4cps.platform.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.micronaut.http.HttpRequest;
import io.micronaut.servlet.http.ServletHttpRequest;
import java.net.InetSocketAddress;

/**
 * The caller's address as API Gateway saw it ({@code requestContext.identity.sourceIp}), not a
 * header the caller could write: what per-client throttles key on.
 */
public final class ClientAddress {
  /** When nothing says where the request came from (a test calling a controller directly). */
  public static final String UNKNOWN = "unknown";

  private ClientAddress() {}

  public static String of(HttpRequest<?> request) {
    if (request instanceof ServletHttpRequest<?, ?> servlet
        && servlet.getNativeRequest() instanceof APIGatewayProxyRequestEvent event
        && event.getRequestContext() != null
        && event.getRequestContext().getIdentity() != null
        && event.getRequestContext().getIdentity().getSourceIp() != null) {
      return event.getRequestContext().getIdentity().getSourceIp();
    }
    InetSocketAddress remote = request.getRemoteAddress();
    return remote == null || remote.getAddress() == null
        ? UNKNOWN
        : remote.getAddress().getHostAddress();
  }
}
