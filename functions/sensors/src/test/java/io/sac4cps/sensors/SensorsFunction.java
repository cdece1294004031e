package io.sac4cps.sensors;

import static io.sac4cps.testkit.contract.ContractAssertions.assertMatchesContract;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.micronaut.json.JsonMapper;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.security.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The sensors Lambda as API Gateway invokes it, against the test class's own database and the
 * shared Kafka broker. Every response is checked against contracts/openapi.yaml.
 */
public final class SensorsFunction implements AutoCloseable {
  private final ApiGatewayProxyRequestEventFunction handler;
  private final ApplicationContext context;
  private final JsonMapper json;

  public SensorsFunction(Infrastructure infrastructure) {
    Map<String, Object> properties = new HashMap<>(infrastructure.properties());
    properties.putAll(TestTokens.configuration());
    context = ApplicationContext.builder().properties(properties).start();
    handler = new ApiGatewayProxyRequestEventFunction(context);
    json = context.getBean(JsonMapper.class);
  }

  public ApiGatewayProxyRequestEventFunction handler() {
    return handler;
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /**
   * Sends the request; {@code resource} is the contract path template, {@code path} the concrete
   * one.
   */
  public APIGatewayProxyResponseEvent send(
      String method, String resource, String path, String token, String body) {
    ApiGatewayEvents.Request request = ApiGatewayEvents.request(method, resource).path(path);
    if (token != null) {
      request.bearer(token);
    }
    if (body != null) {
      request.json(body);
    }
    String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : null;
    String plainPath = query == null ? path : path.substring(0, path.indexOf('?'));
    request.path(plainPath);
    if (resource.contains("{id}")) {
      request.pathParameter("id", plainPath.split("/")[2]);
    }
    if (query != null) {
      for (String pair : query.split("&")) {
        String[] kv = pair.split("=", 2);
        request.query(
            kv[0], java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    APIGatewayProxyRequestEvent event = request.build();
    APIGatewayProxyResponseEvent response =
        handler.handleRequest(event, LocalLambdaContext.of("sensors"));
    // Responses only: several tests send requests the contract forbids on purpose.
    assertMatchesContract(method, plainPath, response);
    return response;
  }

  /** POST without the contract check, for benchmarks. */
  public APIGatewayProxyResponseEvent postUnchecked(String path, String token, String body) {
    APIGatewayProxyRequestEvent event =
        ApiGatewayEvents.request("POST", resourceOf(path))
            .path(path)
            .bearer(token)
            .json(body)
            .build();
    return handler.handleRequest(event, LocalLambdaContext.of("sensors"));
  }

  public APIGatewayProxyResponseEvent post(String path, String token, String body) {
    return send("POST", resourceOf(path), path, token, body);
  }

  public APIGatewayProxyResponseEvent get(String path, String token) {
    return send("GET", resourceOf(path), path, token, null);
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> body(APIGatewayProxyResponseEvent response) {
    try {
      return json.readValue(response.getBody(), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The contract's path template for a concrete sensors path. */
  private static String resourceOf(String path) {
    String plain = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    if (plain.equals("/sensors") || plain.equals("/sensors/data")) {
      return plain;
    }
    return plain.endsWith("/data") ? "/sensors/{id}/data" : "/sensors/{id}";
  }

  @Override
  public void close() {
    handler.close();
  }
}
