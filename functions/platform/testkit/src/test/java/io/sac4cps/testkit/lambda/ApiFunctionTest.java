package io.sac4cps.testkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.sac4cps.testkit.security.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * How the harness holds requests and responses to contracts/openapi.yaml, on a stand-in handler.
 */
class ApiFunctionTest {
  private static final String ROOM =
      "{\"id\":\"r-1\",\"name\":\"Board room\",\"building\":\"HQ\",\"floor\":3,"
          + "\"createdAt\":\"2026-01-01T00:00:00Z\"}";
  private static final String PROBLEM =
      "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400}";

  private final List<APIGatewayProxyRequestEvent> received = new ArrayList<>();
  private final String token = TestTokens.token("user-1", "tenant-a", "admin");

  private ApiFunction answering(
      Function<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> answer) {
    return ApiFunction.of(
        "rooms",
        (event, context) -> {
          received.add(event);
          assertThat(context.getFunctionName()).isEqualTo("rooms");
          return answer.apply(event);
        });
  }

  private static APIGatewayProxyResponseEvent json(int status, String contentType, String body) {
    return new APIGatewayProxyResponseEvent()
        .withStatusCode(status)
        .withHeaders(Map.of("Content-Type", contentType, "Location", "/rooms/r-1"))
        .withBody(body);
  }

  @Test
  void aConformingCallIsAnsweredAndParsed() {
    ApiFunction rooms = answering(event -> json(201, "application/json", ROOM));

    ApiResponse created =
        rooms.post("/rooms", token, Map.of("name", "Board room", "building", "HQ", "floor", 3));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("location")).isEqualTo("/rooms/r-1");
    assertThat(created.text("name")).isEqualTo("Board room");
    assertThat(created.jsonMap()).containsEntry("floor", 3);
    assertThat(received).singleElement().satisfies(e -> assertThat(e.getBody()).contains("HQ"));
  }

  @Test
  void anUndocumentedAnswerFailsTheCall() {
    ApiFunction rooms = answering(event -> json(201, "application/json", "{\"id\":\"r-1\"}"));

    assertThatThrownBy(
            () -> rooms.post("/rooms", token, "{\"name\":\"R\",\"building\":\"HQ\",\"floor\":1}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("POST /rooms response (status 201) violates contracts/openapi.yaml")
        .hasMessageContaining("required");
  }

  @Test
  void aRequestTheContractForbidsIsNotSentUnlessTheCallSaysSo() {
    ApiFunction rooms = answering(event -> json(400, "application/problem+json", PROBLEM));

    assertThatThrownBy(() -> rooms.post("/rooms", token, "{\"name\":\"R\"}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("POST /rooms request violates contracts/openapi.yaml")
        .hasMessageContaining("violatingContract()");
    assertThat(received).isEmpty();

    ApiResponse refused = rooms.violatingContract().post("/rooms", token, "{\"name\":\"R\"}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(received).hasSize(1);
  }

  @Test
  void aViolatingCallStillGetsItsAnswerChecked() {
    ApiFunction rooms = answering(event -> json(418, "application/problem+json", PROBLEM));

    assertThatThrownBy(() -> rooms.violatingContract().post("/rooms", token, "{\"name\":\"R\"}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("response (status 418)");
  }

  @Test
  void aMarkerOnARequestThatConformsFails() {
    ApiFunction rooms = answering(event -> json(201, "application/json", ROOM));
    String valid = "{\"name\":\"R\",\"building\":\"HQ\",\"floor\":1}";

    assertThatThrownBy(() -> rooms.violatingContract().post("/rooms", token, valid))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("sent as violatingContract() but conforms");
    assertThatThrownBy(() -> rooms.outsideContract().post("/rooms", token, valid))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("sent as outsideContract() but the contract describes it");
    assertThat(received).isEmpty();
  }

  @Test
  void answersOnlySendsAnyRequestButStillChecksTheAnswer() {
    ApiFunction documented = answering(event -> json(400, "application/problem+json", PROBLEM));
    assertThat(documented.answersOnly().post("/rooms", null, "{}").status()).isEqualTo(400);

    ApiFunction undocumented = answering(event -> json(418, "application/problem+json", PROBLEM));
    assertThatThrownBy(() -> undocumented.answersOnly().post("/rooms", null, "{}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("response (status 418)");
  }

  @Test
  void aRequestNoOperationDescribesGoesOutsideTheContractOnly() {
    ApiFunction rooms = answering(event -> new APIGatewayProxyResponseEvent().withStatusCode(200));
    ApiGatewayEvents.Request preflight =
        ApiGatewayEvents.request("OPTIONS", "/rooms").header("Origin", "https://app.example");

    assertThatThrownBy(() -> rooms.violatingContract().send(preflight))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("outsideContract()");
    assertThat(rooms.outsideContract().send(preflight).status()).isEqualTo(200);
  }

  @Test
  void aConcretePathFindsItsRouteAndItsQueryIsDecoded() {
    APIGatewayProxyRequestEvent event =
        ApiFunction.request("GET", "/rooms/r-1/history?metric=co2&from=2026-01-01T00%3A00%3A00Z")
            .build();

    assertThat(event.getResource()).isEqualTo("/rooms/{id}/history");
    assertThat(event.getPath()).isEqualTo("/rooms/r-1/history");
    assertThat(event.getPathParameters()).containsExactly(Map.entry("id", "r-1"));
    assertThat(event.getQueryStringParameters())
        .containsEntry("metric", "co2")
        .containsEntry("from", "2026-01-01T00:00:00Z");
  }
}
