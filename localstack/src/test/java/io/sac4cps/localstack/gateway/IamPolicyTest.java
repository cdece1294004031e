package io.sac4cps.localstack.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IamPolicyTest {
  private static final String ARN =
      "arn:aws:execute-api:us-east-1:000000000000:local/local/GET/rooms/r1/metrics";

  private static Map<String, Object> policy(String effect, Object resource) {
    return Map.of(
        "Version",
        "2012-10-17",
        "Statement",
        List.of(Map.of("Effect", effect, "Action", "execute-api:Invoke", "Resource", resource)));
  }

  @Test
  void anAllowWithAWildcardResourceAdmitsTheRequest() {
    assertThat(
            IamPolicy.allows(
                policy("Allow", "arn:aws:execute-api:us-east-1:000000000000:local/local/*/*"), ARN))
        .isTrue();
  }

  @Test
  void anAllowForAnotherMethodDoesNotAdmit() {
    assertThat(
            IamPolicy.allows(policy("Allow", List.of("arn:aws:execute-api:*:*:*/*/POST/*")), ARN))
        .isFalse();
  }

  @Test
  void anExplicitDenyWinsOverAnAllow() {
    Map<String, Object> document =
        Map.of(
            "Statement",
            List.of(
                Map.of("Effect", "Allow", "Action", "execute-api:Invoke", "Resource", "*"),
                Map.of(
                    "Effect",
                    "Deny",
                    "Action",
                    List.of("execute-api:*"),
                    "Resource",
                    "arn:aws:execute-api:*:*:*/*/GET/rooms/*")));
    assertThat(IamPolicy.allows(document, ARN)).isFalse();
  }

  @Test
  void aMissingOrMalformedDocumentDenies() {
    assertThat(IamPolicy.allows(null, ARN)).isFalse();
    assertThat(IamPolicy.allows("Allow", ARN)).isFalse();
    assertThat(IamPolicy.allows(Map.of("Statement", List.of()), ARN)).isFalse();
  }

  @Test
  void questionMarkMatchesOneCharacter() {
    assertThat(IamPolicy.matches("GET/rooms/r?/metrics", "GET/rooms/r1/metrics")).isTrue();
    assertThat(IamPolicy.matches("GET/rooms/r?/metrics", "GET/rooms/r12/metrics")).isFalse();
  }
}
