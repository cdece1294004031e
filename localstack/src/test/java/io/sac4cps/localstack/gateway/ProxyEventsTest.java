package io.sac4cps.localstack.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.contracts.api.RouteMatch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyEventsTest {
  static final ApiContract CONTRACT = fixtureContract();

  static ApiContract fixtureContract() {
    try (InputStream in =
        ProxyEventsTest.class.getResourceAsStream("/gateway/fixture-openapi.yaml")) {
      return ApiContract.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static GatewayRequest request(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    return new GatewayRequest(
        "req-1",
        method,
        path,
        query,
        headers,
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
        "127.0.0.1",
        Instant.parse("2025-03-01T10:15:30Z"));
  }

  @Test
  void aRequestBecomesAPayloadV1EventWithRouteAndAuthorizerContext() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of("application/json"));
    headers.put("X-Tag", List.of("a", "b"));
    RouteMatch route = CONTRACT.match("GET", "/items/it%201").orElseThrow();
    Map<String, Object> authorizer = new LinkedHashMap<>();
    authorizer.put("tenantId", "t-1");
    authorizer.put("admin", true);
    authorizer.put("integrationLatency", 3L);

    APIGatewayProxyRequestEvent event =
        ProxyEvents.toEvent(
            request("GET", "/items/it%201", "q=a+b&tag=x&tag=y", headers, "{\"a\":1}"),
            route,
            "local",
            authorizer);

    assertThat(event.getResource()).isEqualTo("/items/{id}");
    assertThat(event.getPath()).isEqualTo("/items/it%201");
    assertThat(event.getPathParameters()).containsEntry("id", "it 1");
    assertThat(event.getQueryStringParameters())
        .containsEntry("q", "a b")
        .containsEntry("tag", "y");
    assertThat(event.getMultiValueQueryStringParameters().get("tag")).containsExactly("x", "y");
    assertThat(event.getHeaders()).containsEntry("X-Tag", "b");
    assertThat(event.getMultiValueHeaders().get("X-Tag")).containsExactly("a", "b");
    assertThat(event.getBody()).isEqualTo("{\"a\":1}");
    assertThat(event.getIsBase64Encoded()).isFalse();
    assertThat(event.getRequestContext().getStage()).isEqualTo("local");
    assertThat(event.getRequestContext().getRequestId()).isEqualTo("req-1");
    assertThat(event.getRequestContext().getResourcePath()).isEqualTo("/items/{id}");
    assertThat(event.getRequestContext().getIdentity().getSourceIp()).isEqualTo("127.0.0.1");
    assertThat(event.getRequestContext().getRequestTimeEpoch())
        .isEqualTo(Instant.parse("2025-03-01T10:15:30Z").toEpochMilli());
    assertThat(event.getRequestContext().getAuthorizer())
        .containsEntry("tenantId", "t-1")
        .containsEntry("admin", "true")
        .containsEntry("integrationLatency", 3L);
  }

  @Test
  void aBinaryBodyTravelsBase64AndNoBodyIsNull() {
    RouteMatch route = CONTRACT.match("POST", "/items").orElseThrow();
    APIGatewayProxyRequestEvent binary =
        ProxyEvents.toEvent(
            request(
                "POST",
                "/items",
                null,
                Map.of("Content-Type", List.of("application/octet-stream")),
                "raw"),
            route,
            "local",
            null);
    assertThat(binary.getIsBase64Encoded()).isTrue();
    assertThat(Base64.getDecoder().decode(binary.getBody())).asString().isEqualTo("raw");
    assertThat(binary.getRequestContext().getAuthorizer()).isNull();

    APIGatewayProxyRequestEvent empty =
        ProxyEvents.toEvent(request("POST", "/items", null, Map.of(), null), route, "local", null);
    assertThat(empty.getBody()).isNull();
    assertThat(empty.getQueryStringParameters()).isNull();
    assertThat(empty.getHeaders()).isNull();
  }

  @Test
  void aProxyResponseBecomesHttpMergingMultiValueHeaders() {
    APIGatewayProxyResponseEvent event =
        new APIGatewayProxyResponseEvent()
            .withStatusCode(201)
            .withHeaders(Map.of("Location", "/items/1"))
            .withMultiValueHeaders(Map.of("Set-Cookie", List.of("a=1", "b=2")))
            .withBody("{\"id\":\"1\"}");
    GatewayResponse response = ProxyEvents.toResponse(event);
    assertThat(response.status()).isEqualTo(201);
    assertThat(response.headers().get("Location")).containsExactly("/items/1");
    assertThat(response.headers().get("Set-Cookie")).containsExactly("a=1", "b=2");
    assertThat(response.bodyText()).isEqualTo("{\"id\":\"1\"}");

    GatewayResponse binary =
        ProxyEvents.toResponse(
            new APIGatewayProxyResponseEvent()
                .withStatusCode(200)
                .withIsBase64Encoded(true)
                .withBody(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})));
    assertThat(binary.body()).containsExactly(1, 2, 3);
  }

  @Test
  void aResponseWithoutStatusIsMalformed() {
    assertThatThrownBy(() -> ProxyEvents.toResponse(new APIGatewayProxyResponseEvent()))
        .isInstanceOf(MalformedProxyResponseException.class);
  }
}
