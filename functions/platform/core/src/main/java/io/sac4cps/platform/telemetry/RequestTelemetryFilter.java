package io.sac4cps.platform.telemetry;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.servlet.http.ServletHttpRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.sac4cps.platform.security.Caller;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Counts and times every request by route (EMF: {@code Requests}, {@code Errors} for 5xx, {@code
 * ClientErrors} for 4xx, {@code Latency}) and runs it in a server span, the child of the caller's
 * {@code traceparent} header when it sent one (the local gateway always does; API Gateway passes a
 * client's through), and puts {@code traceId} and {@code spanId} into every log line of the
 * request. Whatever the request writes to the outbox is stamped with this span's context ({@link
 * io.sac4cps.platform.outbox.Outbox#message}).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestTelemetryFilter implements Ordered {
  public static final String TRACE_ID = "traceId";
  public static final String SPAN_ID = "spanId";
  private static final String SPAN = RequestTelemetryFilter.class.getName() + ".span";
  private static final String SCOPE = RequestTelemetryFilter.class.getName() + ".scope";
  private static final String STARTED = RequestTelemetryFilter.class.getName() + ".started";

  private final Tracing tracing;
  private final Metrics metrics;

  public RequestTelemetryFilter(Tracing tracing, Metrics metrics) {
    this.tracing = tracing;
    this.metrics = metrics;
  }

  @RequestFilter
  public void before(HttpRequest<?> request) {
    request.setAttribute(STARTED, System.nanoTime());
    Span span =
        tracing.startServer(
            request.getMethodName(),
            route(request),
            TraceContext.parse(
                request.getHeaders().get(TraceContext.TRACEPARENT),
                request.getHeaders().get(TraceContext.TRACESTATE)));
    request.setAttribute(SPAN, span);
    request.setAttribute(SCOPE, span.makeCurrent());
    MDC.put(TRACE_ID, span.getSpanContext().getTraceId());
    MDC.put(SPAN_ID, span.getSpanContext().getSpanId());
  }

  @ResponseFilter
  public void after(HttpRequest<?> request, MutableHttpResponse<?> response) {
    int code = response.code();
    request
        .getAttribute(STARTED, Long.class)
        .ifPresent(
            started ->
                metrics.emit(
                    Map.of("Route", request.getMethodName() + " " + route(request)),
                    Metric.count("Requests", 1),
                    Metric.count("Errors", code >= 500 ? 1 : 0),
                    Metric.count("ClientErrors", code >= 400 && code < 500 ? 1 : 0),
                    Metric.millis("Latency", (System.nanoTime() - started) / 1e6)));
    request
        .getAttribute(SPAN, Span.class)
        .ifPresent(
            span -> {
              int status = response.code();
              span.setAttribute(Tracing.HTTP_STATUS, (long) status);
              if (status >= 500) {
                span.setStatus(StatusCode.ERROR);
              }
              request
                  .getUserPrincipal(Authentication.class)
                  .map(a -> a.getAttributes().get(Caller.TENANT_CLAIM))
                  .filter(String.class::isInstance)
                  .ifPresent(tenant -> span.setAttribute(Tracing.TENANT, (String) tenant));
              span.end();
              tracing.invocationEnded();
            });
    request.getAttribute(SCOPE, Scope.class).ifPresent(Scope::close);
    request.removeAttribute(STARTED, Long.class);
    request.removeAttribute(SPAN, Span.class);
    request.removeAttribute(SCOPE, Scope.class);
    MDC.remove(TRACE_ID);
    MDC.remove(SPAN_ID);
  }

  @Override
  public int getOrder() {
    // Right inside RequestContextFilter: security, validation and problem responses are traced.
    return HIGHEST_PRECEDENCE + 1;
  }

  /** API Gateway's resource (the route template, e.g. /sensors/{id}/data), else the path. */
  static String route(HttpRequest<?> request) {
    return request instanceof ServletHttpRequest<?, ?> servlet
            && servlet.getNativeRequest() instanceof APIGatewayProxyRequestEvent event
            && event.getResource() != null
        ? event.getResource()
        : request.getPath();
  }
}
