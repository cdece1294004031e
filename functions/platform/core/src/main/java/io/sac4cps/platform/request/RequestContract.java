package io.sac4cps.platform.request;

import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.contracts.api.Operation;
import io.sac4cps.contracts.api.RouteMatch;
import io.sac4cps.platform.problem.Problem.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What contracts/openapi.yaml allows a request of an operation to carry: its path and query
 * parameters and its body, checked field by field with the schema's own limits. Immutable and
 * thread-safe.
 */
public final class RequestContract {
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,400}");
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d{1,400}(\\.\\d{0,400})?|\\.\\d{1,400})([eE][+-]?\\d{1,6})?");

  private final ContractSchemas contract;
  private final SchemaCheck schemas;

  public RequestContract(ApiContract contract) {
    this.contract = new ContractSchemas(contract);
    this.schemas = new SchemaCheck(this.contract);
  }

  /** The platform's contract, from the contracts jar. */
  public static RequestContract load() {
    return new RequestContract(ApiContract.load());
  }

  /** A request as the checks see it; values are as received (decoded, not yet converted). */
  public record Request(
      String method,
      String path,
      Function<String, List<String>> queryValues,
      Function<String, List<String>> headerValues,
      Optional<String> contentType,
      Optional<String> body) {

    /** A request without headers the contract declares. */
    public Request(
        String method,
        String path,
        Function<String, List<String>> queryValues,
        Optional<String> contentType,
        Optional<String> body) {
      this(method, path, queryValues, name -> List.of(), contentType, body);
    }
  }

  /**
   * What the contract says of a request: the errors that refuse it, and, by array path, the items
   * of arrays marked {@code x-items-judged-each} that break their schema, each with its first
   * error, for the function to refuse one by one while it accepts the others.
   */
  public record Verdict(
      List<FieldError> errors, Map<String, Map<Integer, FieldError>> refusedItems) {
    public Verdict {
      errors = List.copyOf(errors);
      refusedItems = Map.copyOf(refusedItems);
    }
  }

  /**
   * Every field of {@code request} the contract forbids, refused items included; empty when it
   * conforms, or when no operation describes it (the router then answers 404 or 405).
   */
  public List<FieldError> violations(Request request) {
    Verdict verdict = check(request);
    List<FieldError> all = new ArrayList<>(verdict.errors());
    verdict.refusedItems().values().forEach(items -> all.addAll(items.values()));
    return all;
  }

  public Verdict check(Request request) {
    Optional<RouteMatch> match = contract.contract().match(request.method(), request.path());
    if (match.isEmpty()) {
      return new Verdict(List.of(), Map.of());
    }
    Operation operation = match.get().operation();
    List<FieldError> errors = new ArrayList<>();
    for (Map<String, Object> parameter : contract.parameters(operation)) {
      String name = (String) parameter.get("name");
      Map<String, Object> schema = schema(parameter);
      switch (String.valueOf(parameter.get("in"))) {
        case "path" -> {
          String value = match.get().pathParameters().get(name);
          if (value != null) {
            errors.addAll(textValue(name, value, schema));
          }
        }
        case "query" -> {
          List<String> values = request.queryValues().apply(name);
          if (values == null || values.isEmpty()) {
            if (Boolean.TRUE.equals(parameter.get("required"))) {
              errors.add(new FieldError(name, "is required"));
            }
          } else if (values.size() > 1 && !"array".equals(contract.resolve(schema).get("type"))) {
            errors.add(new FieldError(name, "must be given once"));
          } else {
            errors.addAll(textValue(name, values.get(0), schema));
          }
        }
        case "header" -> {
          List<String> values = request.headerValues().apply(name);
          if (values == null || values.isEmpty()) {
            if (Boolean.TRUE.equals(parameter.get("required"))) {
              errors.add(new FieldError(name, "is required"));
            }
          } else if (values.size() > 1) {
            errors.add(new FieldError(name, "must be given once"));
          } else {
            errors.addAll(textValue(name, values.get(0), schema));
          }
        }
        default -> {}
      }
    }
    Map<String, Map<Integer, FieldError>> refusedItems = new TreeMap<>();
    errors.addAll(bodyViolations(operation, request, refusedItems));
    return new Verdict(errors, refusedItems);
  }

  /** The operation the request addresses, if the contract has one. */
  public Optional<String> operationId(Request request) {
    return contract
        .contract()
        .match(request.method(), request.path())
        .map(match -> match.operation().operationId());
  }

  private List<FieldError> bodyViolations(
      Operation operation, Request request, Map<String, Map<Integer, FieldError>> refusedItems) {
    Map<String, Object> body = contract.requestBody(operation);
    if (body.isEmpty()) {
      return List.of();
    }
    String text = request.body().orElse("");
    if (text.isBlank()) {
      return Boolean.TRUE.equals(body.get("required"))
          ? List.of(new FieldError("body", "is required"))
          : List.of();
    }
    Map<String, Object> content = map(body.get("content"));
    String mediaType =
        request
            .contentType()
            .map(type -> type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
            .orElse("application/json");
    if (!(content.get(mediaType) instanceof Map<?, ?> media)) {
      return List.of(
          new FieldError("Content-Type", "must be one of " + String.join(", ", content.keySet())));
    }
    // JSON and forms are UTF-8 (RFC 8259, WHATWG URL): another charset would be misread.
    Optional<String> charset = request.contentType().flatMap(RequestContract::charset);
    if (charset.isPresent() && !charset.get().equals("utf-8")) {
      return List.of(new FieldError("Content-Type", "charset must be utf-8"));
    }
    Map<String, Object> schema = map(media.get("schema"));
    Object value;
    try {
      value =
          mediaType.equals("application/x-www-form-urlencoded")
              ? FormBody.decode(text, field -> fieldSchema(schema, field), this::fromText)
              : JsonBody.decode(text);
    } catch (JsonBody.MalformedJson e) {
      return List.of(new FieldError("body", e.getMessage()));
    } catch (FormBody.RepeatedField e) {
      return List.of(new FieldError(e.getMessage(), "must be given once"));
    }
    List<FieldError> found = new ArrayList<>();
    SchemaCheck.platformRules(value, "", found);
    Set<String> judgedEach = new HashSet<>();
    List<FieldError> schemaErrors = schemas.check(value, schema, "", judgedEach);
    Set<String> named = new HashSet<>();
    found.forEach(e -> named.add(e.field()));
    schemaErrors.stream().filter(e -> named.add(e.field())).forEach(found::add);
    // Errors inside an item of a marked array refuse that item only; its first error says why.
    List<FieldError> errors = new ArrayList<>();
    for (FieldError error : found) {
      Optional<Item> item = itemOf(error.field(), judgedEach);
      if (item.isPresent()) {
        refusedItems
            .computeIfAbsent(item.get().array(), a -> new TreeMap<>())
            .putIfAbsent(item.get().index(), error);
      } else {
        errors.add(error);
      }
    }
    return errors;
  }

  /** The {@code charset} parameter of a media type, lower case and unquoted. */
  private static Optional<String> charset(String contentType) {
    String[] parts = contentType.split(";");
    for (int i = 1; i < parts.length; i++) {
      String[] pair = parts[i].split("=", 2);
      if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("charset")) {
        return Optional.of(pair[1].trim().replace("\"", "").toLowerCase(Locale.ROOT));
      }
    }
    return Optional.empty();
  }

  private record Item(String array, int index) {}

  /** The item of a marked array that {@code field} is in, if it is in one. */
  private static Optional<Item> itemOf(String field, Set<String> judgedEach) {
    for (String array : judgedEach) {
      String prefix = array.isEmpty() ? "[" : array + "[";
      int close = field.indexOf(']', prefix.length());
      if (field.startsWith(prefix) && close > prefix.length()) {
        try {
          return Optional.of(
              new Item(array, Integer.parseInt(field.substring(prefix.length(), close))));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private Map<String, Object> fieldSchema(Map<String, Object> objectSchema, String field) {
    Map<String, Object> properties = map(contract.resolve(objectSchema).get("properties"));
    return map(properties.get(field));
  }

  /** A path, query or form value: its text checked, then converted as its schema's type says. */
  private List<FieldError> textValue(String name, String text, Map<String, Object> schema) {
    List<FieldError> errors = new ArrayList<>();
    SchemaCheck.platformRules(text, name, errors);
    if (errors.isEmpty()) {
      errors.addAll(schemas.check(fromText(text, schema), schema, name));
    }
    return errors;
  }

  /** {@code "7"} as the number 7 where the schema wants a number; as given where it fails. */
  private Object fromText(String text, Map<String, Object> schema) {
    Map<String, Object> resolved = contract.resolve(schema);
    if (resolved.get("allOf") instanceof List<?> all && !all.isEmpty()) {
      resolved = contract.resolve(map(all.get(0)));
    }
    Object type = resolved.get("type");
    if ("integer".equals(type) && INTEGER.matcher(text).matches()
        || "number".equals(type) && NUMBER.matcher(text).matches()) {
      return new BigDecimal(text);
    }
    if ("boolean".equals(type) && (text.equals("true") || text.equals("false"))) {
      return Boolean.valueOf(text);
    }
    return text;
  }

  private static Map<String, Object> schema(Map<String, Object> parameter) {
    return map(parameter.get("schema"));
  }

  private static Map<String, Object> map(Object node) {
    return ContractSchemas.map(node);
  }
}
