package io.sac4cps.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.sac4cps.platform.problem.Problem.FieldError;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The header rules applied before Micronaut reads a header (decision 0074). */
class ApiRequestFunctionTest {

  private static Optional<FieldError> refused(Map<String, List<String>> headers) {
    APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent();
    event.setMultiValueHeaders(headers);
    return ApiRequestFunction.refusedHeader(event);
  }

  @Test
  void ordinaryHeadersPass() {
    assertThat(
            refused(
                Map.of(
                    "Authorization", List.of("Bearer a.b.c"),
                    "User-Agent", List.of("curl/8\twith a tab"),
                    "Accept", List.of("text/html", "application/json"))))
        .isEmpty();
  }

  @Test
  void controlCharactersAreRefusedNamingTheHeader() {
    assertThat(refused(Map.of("X-Request-Id", List.of("id\r\nX-Injected: 1"))))
        .map(FieldError::field)
        .contains("X-Request-Id");
    assertThat(refused(Map.of("Authorization", List.of("Bearer t\u0000"))))
        .map(FieldError::field)
        .contains("Authorization");
    assertThat(refused(Map.of("User-Agent", List.of("x\u007f"))))
        .map(FieldError::field)
        .contains("User-Agent");
  }

  @Test
  void aNameThatIsNotATokenIsRefused() {
    assertThat(refused(Map.of("Bad Name", List.of("x"))))
        .map(FieldError::field)
        .contains("Bad Name");
  }

  @Test
  void aSingleValuedHeaderGivenTwiceIsRefused() {
    assertThat(refused(Map.of("authorization", List.of("Bearer a", "Bearer b"))))
        .map(FieldError::message)
        .contains("must be given once");
    assertThat(refused(Map.of("Content-Type", List.of("application/json", "text/plain"))))
        .map(FieldError::field)
        .contains("Content-Type");
  }
}
