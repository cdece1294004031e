package io.sac4cps.testkit.contract;

import static io.sac4cps.testkit.contract.ContractAssertions.assertMatchesContract;
import static io.sac4cps.testkit.contract.ContractAssertions.assertRequestMatchesContract;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.sac4cps.contracts.api.ApiContract;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContractAssertionsTest {

  private static final String SENSOR =
      """
      {"id":"temp-1","roomId":"room-101","type":"temperature","unit":"Cel",
       "createdAt":"2025-03-04T09:00:00Z"}""";

  @Test
  void platformContractIsValidOpenApi() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);

    assertThat(
            new OpenAPIV3Parser()
                .readContents(ApiContract.load().source(), null, options)
                .getMessages())
        .isEmpty();
  }

  @Test
  void acceptsAConformingResponse() {
    assertMatchesContract("GET", "/health", json(200, "{\"status\":\"UP\"}"));
    assertMatchesContract("GET", "/sensors/temp-1", json(200, SENSOR));
    assertMatchesContract(
        "GET", "/sensors", json(200, "{\"items\":[" + SENSOR + "],\"nextCursor\":null}"));
  }

  @Test
  void rejectsAResponseBodyThatViolatesTheSchema() {
    assertThatThrownBy(
            () -> assertMatchesContract("GET", "/health", json(200, "{\"status\":\"MAYBE\"}")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("GET /health response (status 200) violates contracts/openapi.yaml")
        .hasMessageContaining("validation.response.body.schema.enum")
        .hasMessageContaining("MAYBE");
    assertThatThrownBy(
            () ->
                assertMatchesContract(
                    "GET", "/sensors/temp-1", json(200, SENSOR.replace(",\"unit\":\"Cel\"", ""))))
        .hasMessageContaining("validation.response.body.schema.required")
        .hasMessageContaining("unit");
  }

  @Test
  void rejectsAnUndeclaredStatusAndAPlainJsonError() {
    assertThatThrownBy(() -> assertMatchesContract("GET", "/sensors/temp-1", json(500, "{}")))
        .hasMessageContaining("validation.response.status.unknown");
    assertThatThrownBy(
            () ->
                assertMatchesContract(
                    "GET", "/sensors/nope", json(404, "{\"message\":\"Not Found\"}")))
        .hasMessageContaining("validation.response.contentType");
  }

  @Test
  void acceptsAProblemJsonError() {
    APIGatewayProxyResponseEvent notFound =
        new APIGatewayProxyResponseEvent()
            .withStatusCode(404)
            .withHeaders(Map.of("Content-Type", "application/problem+json"))
            .withBody(
                """
                {"type":"about:blank","title":"Not Found","status":404,
                 "detail":"No sensor nope","instance":"/sensors/nope"}""");

    assertMatchesContract("GET", "/sensors/nope", notFound);
  }

  @Test
  void acceptsABase64EncodedBody() {
    APIGatewayProxyResponseEvent response =
        json(202, null)
            .withIsBase64Encoded(true)
            .withBody(
                Base64.getEncoder().encodeToString("{\"accepted\":2,\"duplicates\":0}".getBytes()));

    assertMatchesContract("POST", "/sensors/data", response);
  }

  @Test
  void checksRequestsBodySecurityAndParameters() {
    assertRequestMatchesContract(
        request(
            "POST",
            "/sensors/data",
            "{\"sensorId\":\"temp-1\",\"timestamp\":\"2025-03-04T09:00:00Z\",\"value\":21.5}"));
    assertRequestMatchesContract(
        request(
            "POST",
            "/sensors/data",
            "{\"readings\":[{\"sensorId\":\"temp-1\",\"timestamp\":\"2025-03-04T09:00:00Z\",\"value\":21.5}]}"));

    assertThatThrownBy(
            () ->
                assertRequestMatchesContract(
                    request(
                        "POST",
                        "/sensors",
                        "{\"roomId\":\"room-1\",\"type\":\"temperature\",\"unit\":\"Cel\",\"colour\":\"red\"}")))
        .hasMessageContaining("POST /sensors request violates")
        .hasMessageContaining("colour");
    APIGatewayProxyRequestEvent anonymous =
        request("GET", "/sensors/temp-1", null).withHeaders(Map.of());
    assertThatThrownBy(() -> assertRequestMatchesContract(anonymous))
        .hasMessageContaining("validation.request.security.missing");
    APIGatewayProxyRequestEvent badLimit =
        request("GET", "/sensors", null).withQueryStringParameters(Map.of("limit", "5000"));
    assertThatThrownBy(() -> assertRequestMatchesContract(badLimit)).hasMessageContaining("limit");
  }

  @Test
  void publicRoutesNeedNoToken() {
    APIGatewayProxyRequestEvent login =
        request(
                "POST",
                "/auth/login",
                "{\"email\":\"ada@example.com\",\"password\":\"correct horse\"}")
            .withHeaders(Map.of("Content-Type", "application/json"));

    assertMatchesContract(
        login,
        json(
            200,
            "{\"accessToken\":\"eyJ.a.b\",\"tokenType\":\"Bearer\",\"expiresIn\":900,\"refreshToken\":\"r1\"}"));
  }

  @Test
  void customDocumentCanBeChecked() {
    OpenApiContractCheck check =
        OpenApiContractCheck.of(
            """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /ping:
                get:
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: {type: object, required: [pong], properties: {pong: {type: boolean}}}
            """);

    assertThat(check.responseViolations("GET", "/ping", json(200, "{\"pong\":true}"))).isEmpty();
    assertThat(check.responseViolations("GET", "/ping", json(200, "{\"pong\":1}")))
        .singleElement()
        .asString()
        .contains("validation.response.body.schema.type");
  }

  private static APIGatewayProxyResponseEvent json(int status, String body) {
    return new APIGatewayProxyResponseEvent()
        .withStatusCode(status)
        .withHeaders(Map.of("Content-Type", "application/json"))
        .withBody(body);
  }

  private static APIGatewayProxyRequestEvent request(String method, String path, String body) {
    return new APIGatewayProxyRequestEvent()
        .withHttpMethod(method)
        .withPath(path)
        .withHeaders(Map.of("Authorization", "Bearer eyJ.a.b", "Content-Type", "application/json"))
        .withBody(body);
  }
}
