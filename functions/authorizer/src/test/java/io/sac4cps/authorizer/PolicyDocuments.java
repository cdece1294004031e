package io.sac4cps.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import java.util.List;
import java.util.Map;

/** Reads an authorizer's IAM policy as the Lambda runtime serializes it. */
final class PolicyDocuments {
  private PolicyDocuments() {}

  /** The one statement of {"Version", "Statement": [{...}]}, which must allow invoking. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> statement(IamPolicyResponseV1 policy) {
    Map<String, Object>[] statements =
        (Map<String, Object>[]) policy.getPolicyDocument().get("Statement");
    assertThat(statements).hasSize(1);
    assertThat(statements[0]).containsEntry("Action", "execute-api:Invoke");
    return statements[0];
  }

  static String effect(IamPolicyResponseV1 policy) {
    return (String) statement(policy).get("Effect");
  }

  static String resource(IamPolicyResponseV1 policy) {
    Object resource = statement(policy).get("Resource");
    return resource instanceof String[] array
        ? array[0]
        : String.valueOf(((List<?>) resource).get(0));
  }
}
