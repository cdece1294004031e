package io.sac4cps.testkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiGatewayEventsTest {

  @Test
  void buildsTheEventApiGatewaySendsForAnAuthorizedJsonRequest() {
    var event =
        ApiGatewayEvents.request("PUT", "/rooms/{id}/thresholds")
            .pathParameter("id", "room 7")
            .query("dryRun", "true")
            .bearer("token-1")
            .json("{\"co2\":{\"max\":1000}}")
            .authorizedAs("user-1", "tenant-1", "admin", "operator")
            .sourceIp("203.0.113.9")
            .requestId("req-1")
            .build();

    assertThat(event.getHttpMethod()).isEqualTo("PUT");
    assertThat(event.getResource()).isEqualTo("/rooms/{id}/thresholds");
    assertThat(event.getPath()).isEqualTo("/rooms/room%207/thresholds");
    assertThat(event.getPathParameters()).containsEntry("id", "room 7");
    assertThat(event.getQueryStringParameters()).containsEntry("dryRun", "true");
    assertThat(event.getHeaders())
        .containsEntry("Content-Type", "application/json")
        .containsEntry("Authorization", "Bearer token-1");
    assertThat(event.getMultiValueHeaders().get("Authorization")).containsExactly("Bearer token-1");
    assertThat(event.getBody()).isEqualTo("{\"co2\":{\"max\":1000}}");
    var context = event.getRequestContext();
    assertThat(context.getRequestId()).isEqualTo("req-1");
    assertThat(context.getStage()).isEqualTo("test");
    assertThat(context.getResourcePath()).isEqualTo("/rooms/{id}/thresholds");
    assertThat(context.getIdentity().getSourceIp()).isEqualTo("203.0.113.9");
    assertThat(context.getAuthorizer())
        .containsEntry("principalId", "user-1")
        .containsEntry("sub", "user-1")
        .containsEntry("tenantId", "tenant-1")
        .containsEntry("roles", "admin,operator");
  }

  @Test
  void repeatedQueryParametersBecomeMultiValue() {
    var event =
        ApiGatewayEvents.request("GET", "/sensors")
            .query("type", "co2")
            .query("type", "light")
            .build();

    assertThat(event.getMultiValueQueryStringParameters().get("type"))
        .containsExactly("co2", "light");
    assertThat(event.getQueryStringParameters()).containsEntry("type", "light");
  }

  @Test
  void anonymousRequestHasNoAuthorizerContextAndNullMaps() {
    var event = ApiGatewayEvents.request("GET", "/health").build();

    assertThat(event.getRequestContext().getAuthorizer()).isNull();
    assertThat(event.getHeaders()).isNull();
    assertThat(event.getQueryStringParameters()).isNull();
    assertThat(event.getPath()).isEqualTo("/health");
  }

  @Test
  void missingPathParameterIsAnError() {
    assertThatThrownBy(() -> ApiGatewayEvents.request("GET", "/rooms/{id}").build())
        .hasMessageContaining("{id}");
  }
}
