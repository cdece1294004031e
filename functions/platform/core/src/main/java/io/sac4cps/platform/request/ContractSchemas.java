package io.sac4cps.platform.request;

import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.contracts.api.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The schemas of contracts/openapi.yaml as the request check and the test kit's generated requests
 * read them: an operation's node, its parameters and request body, and {@code $ref}s resolved.
 */
public final class ContractSchemas {
  private final ApiContract contract;

  public ContractSchemas(ApiContract contract) {
    this.contract = contract;
  }

  public ApiContract contract() {
    return contract;
  }

  /** The operation's node in the document ({@code paths.<path>.<method>}). */
  public Map<String, Object> operation(Operation operation) {
    Map<String, Object> paths = map(contract.document().get("paths"));
    return map(map(paths.get(operation.path())).get(operation.method().toLowerCase(Locale.ROOT)));
  }

  /** The operation's parameters, each resolved ({@code name}, {@code in}, {@code schema}, ...). */
  public List<Map<String, Object>> parameters(Operation operation) {
    List<Map<String, Object>> parameters = new ArrayList<>();
    if (operation(operation).get("parameters") instanceof List<?> list) {
      for (Object parameter : list) {
        parameters.add(resolve(map(parameter)));
      }
    }
    return parameters;
  }

  /** The resolved {@code requestBody}; empty when the operation takes none. */
  public Map<String, Object> requestBody(Operation operation) {
    return resolve(map(operation(operation).get("requestBody")));
  }

  /** The schema a {@code $ref} names (following chains), or {@code schema} itself. */
  public Map<String, Object> resolve(Map<String, Object> schema) {
    Map<String, Object> current = schema;
    for (int hops = 0; current != null && current.get("$ref") instanceof String ref; hops++) {
      if (!ref.startsWith("#/") || hops > 16) {
        throw new IllegalStateException("unsupported $ref " + ref);
      }
      Object node = contract.document();
      for (String part : ref.substring(2).split("/")) {
        node = node instanceof Map<?, ?> m ? m.get(part) : null;
      }
      if (!(node instanceof Map<?, ?>)) {
        throw new IllegalStateException("contracts/openapi.yaml has no " + ref);
      }
      current = map(node);
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object node) {
    return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
