package io.sac4cps.platform.request;

import io.micronaut.http.HttpRequest;
import io.sac4cps.platform.problem.Problem.FieldError;
import java.util.Map;

/**
 * The items of an array marked {@code x-items-judged-each} that the contract check found breaking
 * their schema, by index, each with its first error: the function must not use them, and reports
 * them among its own refusals (decision 0019).
 */
public final class RefusedItems {
  static final String ATTRIBUTE = "sac4cps.refused-items";

  private RefusedItems() {}

  /**
   * @param array the array's path in the body, e.g. {@code readings}
   */
  @SuppressWarnings("unchecked")
  public static Map<Integer, FieldError> in(HttpRequest<?> request, String array) {
    Object all = request.getAttribute(ATTRIBUTE).orElse(null);
    if (all instanceof Map<?, ?> byArray && byArray.get(array) instanceof Map<?, ?> items) {
      return (Map<Integer, FieldError>) items;
    }
    return Map.of();
  }
}
