package io.sac4cps.localstack.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.RequestIdentity;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.sac4cps.contracts.api.RouteMatch;
import io.sac4cps.localstack.runtime.LocalAws;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Translates between HTTP and the Lambda proxy integration's payload v1, field by field as API
 * Gateway REST fills it: single- and multi-value headers and query parameters (the single-value
 * maps keep the last value), decoded path parameters, the authorizer's context in {@code
 * requestContext.authorizer} with its values as strings, and text bodies as they are while other
 * bodies travel base64-encoded.
 */
public final class ProxyEvents {

  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private ProxyEvents() {}

  public static APIGatewayProxyRequestEvent toEvent(
      GatewayRequest request, RouteMatch route, String stage, Map<String, Object> authorizer) {
    Map<String, String> headers = new LinkedHashMap<>();
    Map<String, List<String>> multiValueHeaders = new LinkedHashMap<>();
    request
        .headers()
        .forEach(
            (name, values) -> {
              if (!values.isEmpty()) {
                headers.put(name, values.get(values.size() - 1));
                multiValueHeaders.put(name, List.copyOf(values));
              }
            });
    Map<String, List<String>> multiValueQuery = query(request.rawQuery());
    Map<String, String> query = new LinkedHashMap<>();
    multiValueQuery.forEach((name, values) -> query.put(name, values.get(values.size() - 1)));

    RequestIdentity identity = new RequestIdentity();
    identity.setSourceIp(request.sourceIp());
    identity.setUserAgent(request.header("User-Agent").orElse(null));

    ProxyRequestContext context = new ProxyRequestContext();
    context.setAccountId(LocalAws.ACCOUNT_ID);
    context.setApiId(LocalAws.API_ID);
    context.setResourceId(route.operation().operationId());
    context.setResourcePath(route.operation().path());
    context.setHttpMethod(request.method());
    context.setPath("/" + stage + request.rawPath());
    context.setProtocol("HTTP/1.1");
    context.setStage(stage);
    context.setRequestId(request.requestId());
    context.setExtendedRequestId(request.requestId());
    context.setRequestTime(REQUEST_TIME.format(request.receivedAt()));
    context.setRequestTimeEpoch(request.receivedAt().toEpochMilli());
    context.setDomainName(request.header("Host").orElse("localhost"));
    context.setIdentity(identity);
    context.setAuthorizer(authorizer == null ? null : stringValues(authorizer));

    APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent();
    event.setResource(route.operation().path());
    event.setPath(request.rawPath());
    event.setHttpMethod(request.method());
    event.setHeaders(headers.isEmpty() ? null : headers);
    event.setMultiValueHeaders(multiValueHeaders.isEmpty() ? null : multiValueHeaders);
    event.setQueryStringParameters(query.isEmpty() ? null : query);
    event.setMultiValueQueryStringParameters(multiValueQuery.isEmpty() ? null : multiValueQuery);
    event.setPathParameters(route.pathParameters().isEmpty() ? null : route.pathParameters());
    event.setStageVariables(null);
    event.setRequestContext(context);
    if (request.body() == null || request.body().length == 0) {
      event.setBody(null);
      event.setIsBase64Encoded(false);
    } else if (isText(request.header("Content-Type").orElse(""))) {
      event.setBody(new String(request.body(), StandardCharsets.UTF_8));
      event.setIsBase64Encoded(false);
    } else {
      event.setBody(Base64.getEncoder().encodeToString(request.body()));
      event.setIsBase64Encoded(true);
    }
    return event;
  }

  /** The HTTP response a proxy integration's result stands for. */
  public static GatewayResponse toResponse(APIGatewayProxyResponseEvent event) {
    if (event == null || event.getStatusCode() == null) {
      throw new MalformedProxyResponseException("the function returned no statusCode");
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (event.getHeaders() != null) {
      event
          .getHeaders()
          .forEach((name, value) -> headers.put(name, new ArrayList<>(List.of(value))));
    }
    if (event.getMultiValueHeaders() != null) {
      // API Gateway merges both maps; multi-value entries add to single-value ones.
      event
          .getMultiValueHeaders()
          .forEach(
              (name, values) -> {
                List<String> merged = headers.computeIfAbsent(name, n -> new ArrayList<>());
                values.stream().filter(v -> !merged.contains(v)).forEach(merged::add);
              });
    }
    byte[] body;
    if (event.getBody() == null) {
      body = new byte[0];
    } else if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
      body = Base64.getDecoder().decode(event.getBody());
    } else {
      body = event.getBody().getBytes(StandardCharsets.UTF_8);
    }
    return new GatewayResponse(event.getStatusCode(), headers, body);
  }

  /** Query parameters decoded as API Gateway does ('+' is a space), in the order received. */
  static Map<String, List<String>> query(String rawQuery) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return parameters;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return parameters;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text; // a stray '%' is passed through, as API Gateway does
    }
  }

  private static boolean isText(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    return type.isEmpty()
        || type.startsWith("text/")
        || type.contains("json")
        || type.contains("xml")
        || type.startsWith("application/x-www-form-urlencoded");
  }

  /** API Gateway hands the authorizer's context values to the function as strings. */
  private static Map<String, Object> stringValues(Map<String, Object> authorizer) {
    Map<String, Object> values = new LinkedHashMap<>();
    authorizer.forEach(
        (key, value) ->
            values.put(key, value == null || value instanceof Number ? value : value.toString()));
    return values;
  }
}
