package io.sac4cps.localstack.gateway;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Evaluates the policy document a Lambda authorizer returns against the method ARN of a request, as
 * API Gateway does: an explicit Deny wins, else an Allow of {@code execute-api:Invoke} whose
 * resource matches (with {@code *} and {@code ?} wildcards) admits the request, else it is denied.
 */
public final class IamPolicy {

  private IamPolicy() {}

  /**
   * @param policyDocument the {@code policyDocument} of the authorizer's result ({@code Version},
   *     {@code Statement}: one statement or a list, each with {@code Effect}, {@code Action} and
   *     {@code Resource} as a string or a list)
   */
  public static boolean allows(Object policyDocument, String methodArn) {
    if (!(policyDocument instanceof Map<?, ?> document)) {
      return false;
    }
    boolean allowed = false;
    for (Object item : asList(document.get("Statement"))) {
      if (!(item instanceof Map<?, ?> statement)) {
        continue;
      }
      boolean invokes =
          asList(statement.get("Action")).stream()
              .map(String::valueOf)
              .anyMatch(action -> matches(action, "execute-api:Invoke"));
      boolean covers =
          asList(statement.get("Resource")).stream()
              .map(String::valueOf)
              .anyMatch(resource -> matches(resource, methodArn));
      if (!invokes || !covers) {
        continue;
      }
      String effect = String.valueOf(statement.get("Effect"));
      if (effect.equalsIgnoreCase("Deny")) {
        return false;
      }
      allowed |= effect.equalsIgnoreCase("Allow");
    }
    return allowed;
  }

  static boolean matches(String pattern, String value) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(value).matches();
  }

  private static List<Object> asList(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof Collection<?> collection) {
      return new ArrayList<>(collection);
    }
    if (value.getClass().isArray() && value instanceof Object[] array) {
      return List.of(array);
    }
    return List.of(value);
  }
}
