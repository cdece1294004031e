package io.sac4cps.contracts.api;

import io.sac4cps.contracts.InvalidContractException;
import io.sac4cps.contracts.internal.ContractResources;
import io.sac4cps.contracts.internal.YamlNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The routes of {@code contracts/openapi.yaml} for runtime code: the local gateway routes with
 * {@link #resolve}, CDK builds API Gateway from {@link #operations()} and {@link #document()},
 * tests derive security matrices from it. Immutable and thread-safe; load it once.
 */
public final class ApiContract {

  /** Where the contracts jar carries the document. */
  public static final String CLASSPATH_LOCATION = "contracts/openapi.yaml";

  private static final Set<String> HTTP_METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final String source;
  private final Map<String, Object> document;
  private final List<Operation> operations;
  private final Map<String, Operation> byOperationId;
  // Most specific template first, so that a literal segment wins over a parameter.
  private final TreeMap<PathTemplate, Map<String, Operation>> byPath;

  private ApiContract(String source, Map<String, Object> document) {
    this.source = source;
    this.document = Collections.unmodifiableMap(document);
    YamlNode root = YamlNode.root(document, "openapi.yaml");
    boolean securedByDefault = requiresToken(root.get("security"));
    List<Operation> parsed = new ArrayList<>();
    Map<String, Operation> ids = new HashMap<>();
    TreeMap<PathTemplate, Map<String, Operation>> paths = new TreeMap<>();
    for (Map.Entry<String, YamlNode> path : root.required("paths").entries().entrySet()) {
      PathTemplate template = PathTemplate.parse(path.getKey());
      Map<String, Operation> methods = new LinkedHashMap<>();
      for (Map.Entry<String, YamlNode> entry : path.getValue().entries().entrySet()) {
        if (!HTTP_METHODS.contains(entry.getKey())) {
          continue; // path-level parameters, summary, extensions
        }
        Operation operation =
            operation(
                entry.getKey().toUpperCase(Locale.ROOT),
                path.getKey(),
                entry.getValue(),
                securedByDefault);
        Operation clash = ids.putIfAbsent(operation.operationId(), operation);
        if (clash != null) {
          throw new InvalidContractException(
              "operationId "
                  + operation.operationId()
                  + " is used twice: "
                  + describe(clash)
                  + " and "
                  + describe(operation));
        }
        methods.put(operation.method(), operation);
        parsed.add(operation);
      }
      if (paths.put(template, Collections.unmodifiableMap(methods)) != null) {
        throw new InvalidContractException("Path " + path.getKey() + " is declared twice");
      }
    }
    this.operations = List.copyOf(parsed);
    this.byOperationId = Map.copyOf(ids);
    this.byPath = paths;
  }

  /** The document the contracts jar carries. */
  public static ApiContract load() {
    return parse(ContractResources.readClasspath(CLASSPATH_LOCATION));
  }

  public static ApiContract load(Path file) {
    return parse(ContractResources.read(file));
  }

  public static ApiContract parse(String yaml) {
    return new ApiContract(yaml, ContractResources.parseYamlMapping(yaml, "OpenAPI document"));
  }

  /** Every operation in document order. */
  public List<Operation> operations() {
    return operations;
  }

  /** Operations whose module exists (no {@code x-status: planned}); what gets deployed. */
  public List<Operation> activeOperations() {
    return operations.stream().filter(o -> !o.planned()).toList();
  }

  public List<Operation> operationsOf(String function) {
    return operations.stream().filter(o -> o.function().equals(function)).toList();
  }

  public Optional<Operation> operation(String operationId) {
    return Optional.ofNullable(byOperationId.get(operationId));
  }

  /** The document as parsed (read-only), e.g. for CDK to add integrations before import. */
  public Map<String, Object> document() {
    return document;
  }

  /** The document's text as loaded. */
  public String source() {
    return source;
  }

  /**
   * The operation serving a concrete request.
   *
   * @param method HTTP method, any case
   * @param path the request path without query string and without stage prefix
   * @return empty for both 404 and 405; use {@link #resolve} to tell them apart
   */
  public Optional<RouteMatch> match(String method, String path) {
    return resolve(method, path) instanceof RouteResolution.Matched matched
        ? Optional.of(matched.match())
        : Optional.empty();
  }

  /** Resolves a request as API Gateway does: path first (404), then method (405). */
  public RouteResolution resolve(String method, String path) {
    String upper = method.toUpperCase(Locale.ROOT);
    for (Map.Entry<PathTemplate, Map<String, Operation>> entry : byPath.entrySet()) {
      Optional<Map<String, String>> parameters = entry.getKey().match(path);
      if (parameters.isEmpty()) {
        continue;
      }
      Operation operation = entry.getValue().get(upper);
      if (operation == null) {
        return new RouteResolution.MethodNotAllowed(
            entry.getKey().template(), new LinkedHashSet<>(entry.getValue().keySet()));
      }
      return new RouteResolution.Matched(new RouteMatch(operation, parameters.get()));
    }
    return new RouteResolution.NotFound();
  }

  private static Operation operation(
      String method, String path, YamlNode node, boolean securedByDefault) {
    YamlNode throttle = node.required("x-throttle");
    String status = node.get("x-status").optionalString().orElse("active");
    if (!status.equals("planned") && !status.equals("active")) {
      throw new InvalidContractException(node.location() + ".x-status must be planned: " + status);
    }
    boolean secured = node.has("security") ? requiresToken(node.get("security")) : securedByDefault;
    return new Operation(
        method,
        path,
        node.required("operationId").string(),
        node.required("x-function").string(),
        node.required("x-roles").strings(),
        secured,
        new Throttle(
            throttle.required("rateLimit").number(), throttle.required("burstLimit").integer()),
        status.equals("planned"));
  }

  /** OpenAPI: {@code []} or a list containing an empty requirement {@code {}} needs no token. */
  private static boolean requiresToken(YamlNode security) {
    List<YamlNode> requirements = security.items();
    return !requirements.isEmpty() && requirements.stream().noneMatch(r -> r.entries().isEmpty());
  }

  private static String describe(Operation operation) {
    return operation.method() + " " + operation.path();
  }
}
