package io.sac4cps.platform.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.servlet.http.ServletHttpRequest;
import java.util.UUID;
import org.slf4j.MDC;

/**
 * Puts the request id (the caller's {@code X-Request-Id}, else API Gateway's, else a new one) and
 * the caller's correlation id into every log line of the request, and returns both as headers so a
 * user can quote them.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestContextFilter implements Ordered {
  public static final String REQUEST_ID = "X-Request-Id";
  public static final String CORRELATION_ID = "X-Correlation-Id";
  private static final java.util.regex.Pattern QUOTABLE =
      java.util.regex.Pattern.compile("[\\x21-\\x7e]{1,128}");

  @RequestFilter
  public void before(HttpRequest<?> request) {
    String requestId =
        firstNonBlank(
            quotable(request.getHeaders().get(REQUEST_ID)),
            firstNonBlank(gatewayRequestId(request), UUID.randomUUID().toString()));
    String correlationId =
        firstNonBlank(quotable(request.getHeaders().get(CORRELATION_ID)), requestId);
    MDC.put("requestId", requestId);
    MDC.put("correlationId", correlationId);
  }

  @ResponseFilter
  public void after(MutableHttpResponse<?> response) {
    String requestId = MDC.get("requestId");
    if (requestId != null) {
      response.header(REQUEST_ID, requestId);
      response.header(CORRELATION_ID, MDC.get("correlationId"));
    }
    MDC.remove("requestId");
    MDC.remove("correlationId");
  }

  @Override
  public int getOrder() {
    return HIGHEST_PRECEDENCE;
  }

  /** API Gateway's id of the request, the one its own error responses and access log carry. */
  private static String gatewayRequestId(HttpRequest<?> request) {
    return request instanceof ServletHttpRequest<?, ?> servlet
            && servlet.getNativeRequest() instanceof APIGatewayProxyRequestEvent event
            && event.getRequestContext() != null
        ? event.getRequestContext().getRequestId()
        : null;
  }

  /**
   * A caller's id only if a user can quote it: up to 128 visible ASCII characters. A longer or
   * garbled one would be echoed into every log line and response header of the request.
   */
  private static String quotable(String id) {
    return id != null && QUOTABLE.matcher(id).matches() ? id : null;
  }

  private static String firstNonBlank(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
