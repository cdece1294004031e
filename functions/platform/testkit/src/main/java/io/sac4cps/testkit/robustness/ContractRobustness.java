package io.sac4cps.testkit.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.contracts.api.Operation;
import io.sac4cps.platform.request.ContractSchemas;
import io.sac4cps.testkit.contract.OpenApiContractCheck;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.lambda.ApiResponse;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * Robustness cases generated from contracts/openapi.yaml for every operation of one function: for
 * each path and query parameter and each body field (nested objects and array items too), values at
 * and beyond the schema's bounds, wrong types, nulls (inside arrays too), NUL and other control
 * characters, unpaired surrogates, very long strings, {@code 1e400}, unknown fields, ids with
 * {@code /} and {@code ..}; each query parameter given twice; and for each body, malformed JSON,
 * wrong top-level shapes and bodies over 1 MiB with a missing or understated {@code
 * Content-Length}.
 *
 * <p>Each case changes one thing in a valid request of tenant A and sends it to the function's real
 * handler. Whether the request is one the contract allows is decided by the contract validator
 * (independently of the function's own check), plus the platform's rules no contract states (no
 * NUL, control characters, unpaired surrogates or numbers beyond a double). A forbidden request
 * must get a 4xx problem+json whose {@code errors} name the field (400; an item of a list of plain
 * values may be named by its list), a 413 for an oversized body, or a 404 for a path id; an allowed
 * one must be accepted (2xx), unless the fixture names a domain rule that may refuse it with a 4xx
 * naming the field. Never a 5xx, and every answer is one the contract documents (checked by {@link
 * ApiFunction}). Operations still {@code x-status: planned} are reported as skipped.
 */
public final class ContractRobustness {
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int ONE_MIB = 1 << 20;

  private final String function;
  private final List<Operation> operations;
  private final ContractSchemas schemas;

  private ContractRobustness(ApiContract contract, String function) {
    this.function = function;
    this.operations = contract.operationsOf(function);
    this.schemas = new ContractSchemas(contract);
    if (operations.isEmpty()) {
      throw new IllegalArgumentException("contracts/openapi.yaml has no operation of " + function);
    }
  }

  public static ContractRobustness forFunction(String function) {
    return new ContractRobustness(ApiContract.load(), function);
  }

  /** What a case must be answered with. */
  private enum Verdict {
    /** The contract forbids the request. */
    REFUSED,
    /** The contract allows it. */
    ACCEPTED
  }

  /** One generated request: what it changes, where, and how it is built from a valid one. */
  private record Case(
      String name, String field, Location location, boolean platformRule, Request request) {}

  private enum Location {
    PATH,
    QUERY,
    BODY,
    WHOLE_BODY,
    /** A header parameter the contract declares, e.g. {@code Idempotency-Key}. */
    HEADER,
    /** The {@code Authorization} header. */
    AUTHORIZATION,
    /** The body's {@code Content-Type}. */
    CONTENT_TYPE,
    /** What the caller {@code Accept}s. */
    ACCEPT,
    /** A header the contract does not declare: it must not change the answer. */
    IGNORED_HEADER
  }

  /** A request of the operation: parameters, body and headers, built anew for each case. */
  @FunctionalInterface
  private interface Request {
    ApiGatewayEvents.Request build();
  }

  /** One container per operation, one test per case; the number of cases is in the test names. */
  public Stream<DynamicNode> tests(ApiFunction function, RobustnessFixture fixture) {
    ApiFunction target = function.answersOnly();
    return operations.stream()
        .map(
            operation -> {
              String title =
                  operation.method()
                      + " "
                      + operation.path()
                      + " ("
                      + operation.operationId()
                      + ")";
              if (operation.planned()) {
                return DynamicContainer.dynamicContainer(
                    title,
                    Stream.of(
                        DynamicTest.dynamicTest(
                            "planned",
                            () ->
                                Assumptions.abort(
                                    operation.operationId()
                                        + " is x-status: planned; "
                                        + this.function
                                        + " does not serve it yet"))));
              }
              List<Case> cases = cases(operation, fixture);
              return DynamicContainer.dynamicContainer(
                  title + " — " + cases.size() + " cases",
                  cases.stream()
                      .map(
                          c ->
                              DynamicTest.dynamicTest(
                                  abbreviate(c.name(), 120),
                                  () -> run(target, operation, fixture, c))));
            });
  }

  // ------------------------------------------------------------------ generation

  private List<Case> cases(Operation operation, RobustnessFixture fixture) {
    List<Case> cases = new ArrayList<>();
    Map<String, String> path = path(operation, fixture);
    Map<String, String> query = new LinkedHashMap<>(fixture.matrix().queryParameters(operation));
    String token =
        operation.secured()
            ? fixture.matrix().token(fixture.matrix().tenantA(), operation.roles().get(0))
            : null;
    List<Supplier<String>> bodies = fixture.bodies(operation);
    Map<String, Object> requestBody = schemas.requestBody(operation);
    if (!requestBody.isEmpty() && bodies.isEmpty()) {
      throw new IllegalStateException(
          "the fixture gives no valid body for " + operation.operationId());
    }
    BaseRequest base =
        new BaseRequest(
            operation, path, query, token, bodies.isEmpty() ? () -> null : bodies.get(0));
    cases.add(new Case("valid request → accepted", "", Location.WHOLE_BODY, false, base::build));

    for (Map<String, Object> parameter : schemas.parameters(operation)) {
      if ("header".equals(parameter.get("in"))) {
        // Header values are not generated yet (the function checks them itself, e.g. tasks'
        // Idempotency-Key): sending one as a query parameter would test nothing.
        continue;
      }
      String name = (String) parameter.get("name");
      Map<String, Object> schema = flatten(ContractSchemas.map(parameter.get("schema")));
      boolean inPath = "path".equals(parameter.get("in"));
      // A cursor is valid only as a page's nextCursor (the contract's conventions): made-up ones
      // must be refused naming it.
      boolean onlyReturned = name.equals("cursor");
      for (Text value : textValues(schema, inPath)) {
        Map<String, String> p = new LinkedHashMap<>(path);
        Map<String, String> q = new LinkedHashMap<>(query);
        (inPath ? p : q).put(name, value.text());
        cases.add(
            new Case(
                (inPath ? "path " : "query ") + name + " = " + value.label(),
                name,
                inPath ? Location.PATH : Location.QUERY,
                value.platformRule() || onlyReturned,
                () -> base.withPath(p).withQuery(q).build()));
      }
    }

    repeatedParameterCases(base, cases);
    headerCases(base, cases);

    for (int b = 0; b < bodies.size(); b++) {
      Supplier<String> body = bodies.get(b);
      String shape = bodies.size() > 1 ? "body#" + (b + 1) + " " : "body ";
      if (b > 0) {
        cases.add(
            new Case(
                shape + "as given → accepted",
                "",
                Location.WHOLE_BODY,
                false,
                () -> base.build(body.get())));
      }
      JsonNode sample = parse(body.get());
      Map<String, Object> schema = ContractSchemas.map(bodySchema(requestBody));
      for (FieldValue change : fieldValues(schema, sample, "")) {
        cases.add(
            new Case(
                shape + change.field() + " = " + change.label(),
                change.field(),
                Location.BODY,
                change.platformRule(),
                () -> base.build(write(change.apply(parse(body.get()))))));
      }
      if (b == 0) {
        wholeBodyCases(base, body.get(), cases);
      }
    }
    return cases;
  }

  /**
   * The parts of the operation's valid request (its first valid body, made anew each time), from
   * which each case builds its own.
   */
  private record BaseRequest(
      Operation operation,
      Map<String, String> path,
      Map<String, String> query,
      String token,
      Supplier<String> body) {
    BaseRequest withPath(Map<String, String> other) {
      return new BaseRequest(operation, other, query, token, body);
    }

    BaseRequest withQuery(Map<String, String> other) {
      return new BaseRequest(operation, path, other, token, body);
    }

    BaseRequest withoutToken() {
      return new BaseRequest(operation, path, query, null, body);
    }

    /** The valid request. */
    ApiGatewayEvents.Request build() {
      return build(body.get());
    }

    /** The request with this body instead, none when null. */
    ApiGatewayEvents.Request build(String json) {
      ApiGatewayEvents.Request request =
          ApiGatewayEvents.request(operation.method(), operation.path());
      path.forEach(request::pathParameter);
      query.forEach(request::query);
      if (token != null) {
        request.bearer(token);
      }
      if (json != null) {
        request.json(json);
      }
      return request;
    }
  }

  /** A parameter of the operation: its name and its schema, resolved. */
  private record Parameter(String name, Map<String, Object> schema) {}

  /** The operation's parameters {@code in} the path, the query or the headers. */
  private List<Parameter> parametersIn(Operation operation, String in) {
    return schemas.parameters(operation).stream()
        .filter(parameter -> in.equals(parameter.get("in")))
        .map(
            parameter ->
                new Parameter(
                    (String) parameter.get("name"),
                    flatten(ContractSchemas.map(parameter.get("schema")))))
        .toList();
  }

  /**
   * Each query parameter given twice ({@code ?limit=1&limit=1}): a single-valued one must be
   * refused naming it (the contract's conventions, decision 0069), never read as its first or last
   * value; an array parameter is judged by the contract.
   */
  private void repeatedParameterCases(BaseRequest base, List<Case> cases) {
    Map<String, String> query = base.query();
    for (Parameter parameter : parametersIn(base.operation(), "query")) {
      String name = parameter.name();
      Map<String, Object> schema = parameter.schema();
      String value = query.containsKey(name) ? query.get(name) : sample(schema);
      Map<String, String> others = new LinkedHashMap<>(query);
      others.remove(name);
      cases.add(
          new Case(
              "query " + name + " given twice",
              name,
              Location.QUERY,
              !"array".equals(schema.get("type")),
              () -> base.withQuery(others).build().query(name, value).query(name, value)));
    }
  }

  /**
   * Header mutations (decision 0074): each header parameter the contract declares with the values
   * of its schema, given twice too; {@code Authorization} missing, garbled or doubled; the body's
   * {@code Content-Type} missing, foreign or with odd parameters, and its {@code Content-Length}
   * missing, wrong or not a number; an {@code Accept} the route cannot produce; and very long or
   * garbled headers the platform reads but the contract does not declare ({@code X-Request-Id},
   * {@code traceparent}), which must not change the answer.
   */
  private void headerCases(BaseRequest base, List<Case> cases) {
    Operation operation = base.operation();
    for (Parameter parameter : parametersIn(operation, "header")) {
      String name = parameter.name();
      Map<String, Object> schema = parameter.schema();
      for (Text value : textValues(schema, false)) {
        cases.add(
            new Case(
                "header " + name + " = " + value.label(),
                name,
                Location.HEADER,
                value.platformRule(),
                () -> base.build().header(name, value.text())));
      }
      String once = sample(schema);
      cases.add(
          new Case(
              "header " + name + " given twice",
              name,
              Location.HEADER,
              true,
              () -> base.build().header(name, once).header(name, once + "2")));
    }

    String valid = base.token() != null ? base.token() : "eyJhbGciOiJub25lIn0.e30.";
    Map<String, List<String>> authorizations = new LinkedHashMap<>();
    authorizations.put("missing", List.of());
    authorizations.put("the token without a scheme", List.of(valid));
    authorizations.put("Bearer with nothing", List.of("Bearer "));
    authorizations.put("Bearer alone", List.of("Bearer"));
    authorizations.put("Basic credentials", List.of("Basic dXNlcjpwYXNz"));
    authorizations.put("two tokens in one header", List.of("Bearer " + valid + " " + valid));
    authorizations.put(
        "two headers, the valid token first", List.of("Bearer " + valid, "Bearer not-a-token"));
    authorizations.put("a token with NUL", List.of("Bearer " + valid + "\u0000"));
    authorizations.put("a token with U+0001", List.of("Bearer " + valid + "\u0001x"));
    authorizations.put("a token with CR LF", List.of("Bearer " + valid + "\r\nX-Injected: 1"));
    authorizations.put("a 10 KB token", List.of("Bearer " + "a".repeat(10 * 1024)));
    authorizations.put(
        "a 10 KB token of three parts", List.of("Bearer a." + "b".repeat(10 * 1024) + ".c"));
    authorizations.forEach(
        (label, values) ->
            cases.add(
                new Case(
                    "Authorization " + label,
                    "Authorization",
                    Location.AUTHORIZATION,
                    operation.secured(),
                    () -> {
                      ApiGatewayEvents.Request request = base.withoutToken().build();
                      values.forEach(v -> request.header("Authorization", v));
                      return request;
                    })));

    Map<String, String> accepts = new LinkedHashMap<>();
    accepts.put("text/html", "text/html");
    accepts.put("application/xml only", "application/xml;q=1, */*;q=0");
    accepts.put("*/*", "*/*");
    accepts.put("garbled", "\u0001;;q=x");
    accepts.forEach(
        (label, value) ->
            cases.add(
                new Case(
                    "Accept " + label,
                    "Accept",
                    Location.ACCEPT,
                    false,
                    () -> base.build().header("Accept", value))));

    Map<String, String> ignored = new LinkedHashMap<>();
    ignored.put("X-Request-Id", "a".repeat(10 * 1024));
    ignored.put("X-Request-Id ", "id\r\nX-Injected: 1");
    ignored.put("X-Request-Id  ", "id\u0000");
    ignored.put("X-Correlation-Id", "\u001b[31m" + "c".repeat(9000));
    ignored.put("traceparent", "00-zz-garbled");
    ignored.put("traceparent ", "00-" + "f".repeat(8000));
    ignored.put("X-Unknown", "u".repeat(10 * 1024));
    ignored.put("User-Agent", "\u0000" + "b".repeat(10 * 1024));
    ignored.forEach(
        (label, value) ->
            cases.add(
                new Case(
                    "header " + label.trim() + " = " + describe(value),
                    label.trim(),
                    Location.IGNORED_HEADER,
                    hasControlCharacter(value),
                    () -> base.build().header(label.trim(), value))));

    if (base.body().get() == null) {
      return;
    }
    Map<String, Object> content =
        ContractSchemas.map(schemas.requestBody(operation).get("content"));
    Map<String, Boolean> contentTypes = new LinkedHashMap<>();
    // Without a Content-Type a body is read as the operation's first media type, JSON.
    // true: the contract allows it; media types and their parameter names are case-insensitive,
    // and JSON is UTF-8 (RFC 8259), so only a charset other than UTF-8 is refused.
    contentTypes.put("application/json; charset=utf-8", true);
    contentTypes.put("Application/JSON; Charset=\"UTF-8\"", true);
    contentTypes.put("application/json; charset=latin1", false);
    contentTypes.put("application/json; charset=utf-16", false);
    contentTypes.put("text/plain", content.containsKey("text/plain"));
    contentTypes.put(
        "application/json-patch+json", content.containsKey("application/json-patch+json"));
    contentTypes.put("application/xml", content.containsKey("application/xml"));
    contentTypes.put("garbled \u0001", false);
    contentTypes.forEach(
        (value, allowed) ->
            cases.add(
                new Case(
                    "Content-Type " + describe(value),
                    "Content-Type",
                    Location.CONTENT_TYPE,
                    !allowed,
                    () -> base.build(null).header("Content-Type", value).body(base.body().get()))));
    cases.add(
        new Case(
            "Content-Type missing",
            "Content-Type",
            Location.CONTENT_TYPE,
            false,
            () -> base.build(null).body(base.body().get())));

    Map<String, java.util.function.Function<Integer, String>> lengths = new LinkedHashMap<>();
    lengths.put("exact", String::valueOf);
    lengths.put("understated (1)", n -> "1");
    lengths.put("overstated by 100", n -> String.valueOf(n + 100));
    lengths.put("zero", n -> "0");
    lengths.forEach(
        (label, length) ->
            cases.add(
                new Case(
                    "Content-Length " + label,
                    "Content-Length",
                    Location.IGNORED_HEADER,
                    false,
                    () -> {
                      String b = base.body().get();
                      return base.build(b)
                          .header(
                              "Content-Length",
                              length.apply(
                                  b.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
                    })));
    // The body received decides (decision 0019): a Content-Length that is wrong or no number
    // changes nothing, unless it claims more than the 1 MiB limit.
    Map<String, String> garbledLengths = new LinkedHashMap<>();
    garbledLengths.put("not a number", "abc");
    garbledLengths.put("negative", "-5");
    garbledLengths.put("beyond a long", "9".repeat(30));
    garbledLengths.forEach(
        (label, value) ->
            cases.add(
                new Case(
                    "Content-Length " + label,
                    "Content-Length",
                    Location.IGNORED_HEADER,
                    false,
                    () -> base.build().header("Content-Length", value))));
    cases.add(
        new Case(
            "Content-Length over 1 MiB",
            "Content-Length",
            Location.WHOLE_BODY,
            true,
            () -> base.build().header("Content-Length", String.valueOf(2 * ONE_MIB))));
  }

  private static boolean hasControlCharacter(String value) {
    return value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f);
  }

  /** A header value for a test name: control characters shown, long ones by their length. */
  private static String describe(String value) {
    String shown =
        value.length() > 40
            ? value.substring(0, 12) + "… (" + value.length() + " characters)"
            : value;
    StringBuilder out = new StringBuilder();
    shown
        .codePoints()
        .forEach(c -> out.append(c < 0x20 ? "U+%04X".formatted(c) : Character.toString(c)));
    return out.toString();
  }

  /** A value of a parameter's schema that is valid on its own. */
  private static String sample(Map<String, Object> schema) {
    if (schema.get("default") != null) {
      return String.valueOf(schema.get("default"));
    }
    if (schema.get("enum") instanceof List<?> allowed) {
      return String.valueOf(allowed.get(0));
    }
    if (schema.get("minimum") instanceof Number min) {
      return plain(new BigDecimal(min.toString()));
    }
    if ("date-time".equals(schema.get("format"))) {
      return "2026-01-01T00:00:00Z";
    }
    return "a";
  }

  private void wholeBodyCases(BaseRequest base, String body, List<Case> cases) {
    Map<String, String> shapes = new LinkedHashMap<>();
    // The validator reads only the first of two JSON values: always refused, whatever it says.
    cases.add(
        new Case(
            "body two JSON values",
            "body",
            Location.WHOLE_BODY,
            true,
            () -> base.build(body + body)));
    shapes.put("no body", null);
    shapes.put("empty", "");
    shapes.put("not JSON", "not json");
    shapes.put("truncated JSON", body.substring(0, body.length() / 2));
    shapes.put("a JSON array", "[" + body + "]");
    shapes.put("JSON null", "null");
    shapes.put("a JSON string", "\"x\"");
    shapes.put("an empty object", "{}");
    shapes.put("nested 10000 deep", "[".repeat(10_000) + "]".repeat(10_000));
    for (Map.Entry<String, String> shape : shapes.entrySet()) {
      cases.add(
          new Case(
              "body " + shape.getKey(),
              "body",
              Location.WHOLE_BODY,
              false,
              () -> base.build(shape.getValue())));
    }
    String huge = hugeBody(body);
    cases.add(
        new Case(
            "body over 1 MiB without Content-Length",
            "body",
            Location.WHOLE_BODY,
            true,
            () -> base.build(huge)));
    cases.add(
        new Case(
            "body over 1 MiB with an understated Content-Length",
            "body",
            Location.WHOLE_BODY,
            true,
            () -> base.build(huge).header("Content-Length", "64")));
  }

  /** A valid body padded past 1 MiB with white space: valid JSON, only its size is wrong. */
  private static String hugeBody(String body) {
    return body.substring(0, body.length() - 1) + " ".repeat(ONE_MIB) + "}";
  }

  private Map<String, String> path(Operation operation, RobustnessFixture fixture) {
    return operation.pathParameterNames().isEmpty()
        ? Map.of()
        : new LinkedHashMap<>(fixture.matrix().pathParameters(operation));
  }

  private Object bodySchema(Map<String, Object> requestBody) {
    Map<String, Object> content = ContractSchemas.map(requestBody.get("content"));
    Object json = content.get("application/json");
    return ContractSchemas.map(json).get("schema");
  }

  /** A text value of a path or query parameter. */
  private record Text(String label, String text, boolean platformRule) {}

  private List<Text> textValues(Map<String, Object> schema, boolean inPath) {
    List<Text> values = new ArrayList<>();
    String type = String.valueOf(schema.get("type"));
    switch (type) {
      case "integer", "number" -> {
        number(schema, "minimum").ifPresent(min -> values.add(text("minimum", plain(min))));
        number(schema, "maximum").ifPresent(max -> values.add(text("maximum", plain(max))));
        number(schema, "minimum")
            .ifPresent(
                min -> values.add(text("below minimum", plain(min.subtract(BigDecimal.ONE)))));
        number(schema, "maximum")
            .ifPresent(max -> values.add(text("above maximum", plain(max.add(BigDecimal.ONE)))));
        values.add(text("not a number", "abc"));
        values.add(text("a fraction", "1.5"));
        values.add(text("1e400", "1e400"));
        values.add(text("30 digits", "9".repeat(30)));
        values.add(text("empty", ""));
      }
      case "boolean" -> {
        values.add(text("yes", "yes"));
        values.add(text("TRUE", "TRUE"));
      }
      default -> values.addAll(stringTexts(schema, inPath));
    }
    values.add(new Text("with NUL", "a\u0000b", true));
    values.add(new Text("with U+0001", "a\u0001b", true));
    values.add(new Text("an unpaired surrogate", "a\ud800b", true));
    return values;
  }

  private List<Text> stringTexts(Map<String, Object> schema, boolean inPath) {
    List<Text> values = new ArrayList<>();
    if (schema.get("enum") instanceof List<?> allowed) {
      values.add(text(String.valueOf(allowed.get(0)), String.valueOf(allowed.get(0))));
      values.add(text("not listed", "zz-not-listed"));
      values.add(text("upper case", String.valueOf(allowed.get(0)).toUpperCase()));
      return values;
    }
    if ("date-time".equals(schema.get("format"))) {
      values.add(text("an RFC 3339 time", "2026-01-01T00:00:00Z"));
      values.add(text("month 13", "2026-13-01T00:00:00Z"));
      values.add(text("no offset", "2026-01-01T00:00:00"));
      values.add(text("a word", "yesterday"));
      return values;
    }
    lengths(schema).forEach((label, length) -> values.add(text(label, "a".repeat(length))));
    values.add(text("100000 characters", "a".repeat(100_000)));
    values.add(text("with a slash (%2F)", "a/b"));
    values.add(text("..", ".."));
    values.add(text("../etc passwd", "../etc passwd"));
    values.add(text("%2F as text", "%2F"));
    if (!inPath) {
      values.add(text("empty", ""));
    }
    return values;
  }

  private static Text text(String label, String text) {
    return new Text(label, text, false);
  }

  /** Lengths at and beyond the schema's bounds, labelled. */
  private static Map<String, Integer> lengths(Map<String, Object> schema) {
    Map<String, Integer> lengths = new LinkedHashMap<>();
    int min = schema.get("minLength") instanceof Number n ? n.intValue() : 0;
    if (min > 0) {
      lengths.put("minLength (" + min + ")", min);
      if (min > 1) {
        lengths.put("below minLength", min - 1);
      }
    }
    if (schema.get("maxLength") instanceof Number n) {
      lengths.put("maxLength (" + n + ")", n.intValue());
      lengths.put("above maxLength", n.intValue() + 1);
    }
    return lengths;
  }

  /** One change to a body: set {@code field} (a client path) to a value. */
  private record FieldValue(
      String field, List<Object> path, String label, JsonNode value, boolean platformRule) {

    JsonNode apply(JsonNode body) {
      return set(body, path, 0, value);
    }

    private static JsonNode set(JsonNode node, List<Object> path, int at, JsonNode value) {
      if (at == path.size()) {
        return value;
      }
      Object step = path.get(at);
      if (step instanceof Integer index) {
        ArrayNode array = node instanceof ArrayNode a ? a : NODES.arrayNode();
        while (array.size() <= index) {
          array.addNull();
        }
        array.set(index, set(array.get(index), path, at + 1, value));
        return array;
      }
      ObjectNode object = node instanceof ObjectNode o ? o : NODES.objectNode();
      object.set((String) step, set(object.get((String) step), path, at + 1, value));
      return object;
    }
  }

  private List<FieldValue> fieldValues(Map<String, Object> schema, JsonNode valid, String field) {
    List<FieldValue> values = new ArrayList<>();
    walk(schema, valid, field, new ArrayList<>(), values);
    return values;
  }

  private void walk(
      Map<String, Object> rawSchema,
      JsonNode current,
      String field,
      List<Object> path,
      List<FieldValue> out) {
    Map<String, Object> schema = flatten(rawSchema);
    if (schema.get("oneOf") instanceof List<?> branches) {
      walk(closestBranch(branches, current), current, field, path, out);
      return;
    }
    if (!path.isEmpty()) {
      for (Value value : values(schema, current)) {
        out.add(
            new FieldValue(
                field, List.copyOf(path), value.label(), value.node(), value.platform()));
      }
    }
    String type = String.valueOf(schema.get("type"));
    if ("object".equals(type) || schema.containsKey("properties")) {
      Map<String, Object> properties = ContractSchemas.map(schema.get("properties"));
      for (Map.Entry<String, Object> property : properties.entrySet()) {
        List<Object> next = new ArrayList<>(path);
        next.add(property.getKey());
        walk(
            ContractSchemas.map(property.getValue()),
            current == null ? null : current.get(property.getKey()),
            child(field, property.getKey()),
            next,
            out);
      }
      if (Boolean.FALSE.equals(schema.get("additionalProperties"))) {
        List<Object> next = new ArrayList<>(path);
        next.add("zzUnknownField");
        out.add(
            new FieldValue(
                child(field, "zzUnknownField"),
                next,
                "an unknown field",
                NODES.textNode("x"),
                false));
      }
    } else if ("array".equals(type)
        && schema.get("items") instanceof Map<?, ?> items
        && current != null
        && current.size() > 0) {
      List<Object> next = new ArrayList<>(path);
      next.add(0);
      walk(ContractSchemas.map(items), current.get(0), field + "[0]", next, out);
    }
  }

  /** A value for a field, labelled; {@code platform}: refused by a rule no schema states. */
  private record Value(String label, JsonNode node, boolean platform) {}

  private List<Value> values(Map<String, Object> schema, JsonNode current) {
    List<Value> values = new ArrayList<>();
    String type = String.valueOf(schema.get("type"));
    values.add(new Value("null", NODES.nullNode(), false));
    switch (type) {
      case "string" -> {
        for (Text text : stringTexts(schema, true)) {
          values.add(new Value(text.label(), NODES.textNode(text.text()), false));
        }
        String sample = current != null && current.isTextual() ? current.asText() : "a";
        values.add(new Value("with NUL", NODES.textNode(sample + "\u0000"), true));
        values.add(new Value("with U+001B", NODES.textNode(sample + "\u001b"), true));
        values.add(new Value("an unpaired surrogate", NODES.textNode(sample + "\ud800"), true));
        values.add(new Value("a number", NODES.numberNode(123), false));
        values.add(new Value("true", NODES.booleanNode(true), false));
        values.add(new Value("an array", NODES.arrayNode().add(sample), false));
        values.add(new Value("an object", NODES.objectNode(), false));
      }
      case "integer", "number" -> {
        number(schema, "minimum").ifPresent(min -> values.add(number("minimum", min)));
        number(schema, "maximum").ifPresent(max -> values.add(number("maximum", max)));
        number(schema, "minimum")
            .ifPresent(min -> values.add(number("below minimum", min.subtract(BigDecimal.ONE))));
        number(schema, "maximum")
            .ifPresent(max -> values.add(number("above maximum", max.add(BigDecimal.ONE))));
        values.add(new Value("1e400", NODES.numberNode(new BigDecimal("1e400")), true));
        values.add(new Value("-1e400", NODES.numberNode(new BigDecimal("-1e400")), true));
        values.add(number("30 digits", new BigDecimal("9".repeat(30))));
        values.add(number("a fraction", new BigDecimal("1.5")));
        values.add(new Value("\"7\"", NODES.textNode("7"), false));
        values.add(new Value("true", NODES.booleanNode(true), false));
        values.add(new Value("false", NODES.booleanNode(false), false));
      }
      case "boolean" -> {
        values.add(new Value("\"true\"", NODES.textNode("true"), false));
        values.add(new Value("1", NODES.numberNode(1), false));
      }
      case "array" -> {
        values.add(new Value("empty", NODES.arrayNode(), false));
        values.add(new Value("[null]", NODES.arrayNode().addNull(), false));
        values.add(new Value("a string", NODES.textNode("x"), false));
        values.add(new Value("an object", NODES.objectNode(), false));
        if (current != null && current.isArray() && current.size() > 0) {
          JsonNode item = current.get(0);
          if (Boolean.TRUE.equals(schema.get("uniqueItems"))) {
            values.add(new Value("a repeated item", NODES.arrayNode().add(item).add(item), false));
          }
          if (schema.get("maxItems") instanceof Number max) {
            ArrayNode many = NODES.arrayNode();
            for (int i = 0; i <= max.intValue(); i++) {
              many.add(item.deepCopy());
            }
            values.add(new Value("maxItems + 1", many, false));
          }
        }
      }
      case "object" -> {
        values.add(new Value("an array", NODES.arrayNode(), false));
        values.add(new Value("a string", NODES.textNode("x"), false));
        values.add(new Value("empty", NODES.objectNode(), false));
      }
      default -> {}
    }
    return values;
  }

  private static Value number(String label, BigDecimal value) {
    return new Value(label + " (" + plain(value) + ")", NODES.numberNode(value), false);
  }

  /** The branch of a {@code oneOf} whose properties the valid body uses most. */
  private Map<String, Object> closestBranch(List<?> branches, JsonNode current) {
    Map<String, Object> best = null;
    long bestScore = -1;
    for (Object branch : branches) {
      Map<String, Object> schema = flatten(ContractSchemas.map(branch));
      Set<String> names = ContractSchemas.map(schema.get("properties")).keySet();
      long score = current == null ? 0 : names.stream().filter(current::has).count();
      if (score > bestScore) {
        best = schema;
        bestScore = score;
      }
    }
    return best;
  }

  /** The schema with its {@code $ref} resolved and a lone {@code allOf} merged in. */
  private Map<String, Object> flatten(Map<String, Object> schema) {
    Map<String, Object> resolved = schemas.resolve(schema);
    if (resolved.get("allOf") instanceof List<?> all) {
      Map<String, Object> merged = new LinkedHashMap<>();
      for (Object part : all) {
        merged.putAll(flatten(ContractSchemas.map(part)));
      }
      resolved.forEach(
          (key, value) -> {
            if (!key.equals("allOf")) {
              merged.put(key, value);
            }
          });
      return merged;
    }
    return resolved;
  }

  private static java.util.Optional<BigDecimal> number(Map<String, Object> schema, String key) {
    return schema.get(key) instanceof Number n
        ? java.util.Optional.of(new BigDecimal(n.toString()))
        : java.util.Optional.empty();
  }

  private static String plain(BigDecimal number) {
    return number.stripTrailingZeros().toPlainString();
  }

  private static String child(String field, String name) {
    return field.isEmpty() ? name : field + "." + name;
  }

  // ------------------------------------------------------------------ running

  private static void run(
      ApiFunction function, Operation operation, RobustnessFixture fixture, Case c) {
    ApiGatewayEvents.Request request = c.request().build();
    APIGatewayProxyRequestEvent event = request.build();
    List<String> violations = OpenApiContractCheck.platformContract().requestViolations(event);
    Verdict verdict =
        c.platformRule() || !violations.isEmpty() ? Verdict.REFUSED : Verdict.ACCEPTED;
    // The harness fails the test on any answer the contract does not document.
    ApiResponse response = function.send(request);
    int status = response.status();
    String why =
        "%s %s with %s (%s by the contract%s) answered %s"
            .formatted(
                operation.method(),
                operation.path(),
                abbreviate(c.name(), 120),
                verdict == Verdict.REFUSED ? "forbidden" : "allowed",
                violations.isEmpty() ? "" : ": " + violations,
                abbreviate(response.toString(), 600));
    assertThat(status).as(why).isLessThan(500);
    assertRequestIdQuotable(response, why);
    if (c.location() == Location.AUTHORIZATION) {
      assertAuthorizationAnswer(operation, fixture, c, response, why);
      return;
    }
    if (c.location() == Location.ACCEPT) {
      // Accept is not negotiated: the documented media type, or a 406 naming Accept.
      if (status != 406 && status != 400) {
        assertAccepted(operation, fixture, c, response, why);
        return;
      }
      assertNames(c, response, why);
      return;
    }
    if (verdict == Verdict.REFUSED) {
      assertRefused(c, response, why);
    } else if (!(status >= 200 && status < 300)
        && !fixture.otherAnswers(operation).contains(status)
        && !(c.location() == Location.PATH && status == 404)) {
      assertThat(fixture.domainRuled(operation, c.field()))
          .as(why + " — a request the contract allows must be accepted")
          .isTrue();
      assertThat(status).as(why).isBetween(400, 499);
      assertThat(response.header("Content-Type")).as(why).startsWith("application/problem+json");
      assertThat(response.json().path("errors"))
          .as(why + " — errors must name the fields")
          .isNotEmpty();
    }
  }

  /** A request id echoed back must be one a user can quote: short, printable. */
  private static void assertRequestIdQuotable(ApiResponse response, String why) {
    String id = response.header("X-Request-Id");
    if (id != null) {
      assertThat(id).as(why + " — X-Request-Id").matches("[\\x21-\\x7e]{1,128}");
    }
  }

  /**
   * A secured operation refuses a missing or garbled {@code Authorization} with a 401 and a {@code
   * WWW-Authenticate} challenge (or a 400 naming it, for a second header after a valid one); a
   * public one accepts the request or refuses a token it was not given in a form it reads.
   */
  private static void assertAuthorizationAnswer(
      Operation operation, RobustnessFixture fixture, Case c, ApiResponse response, String why) {
    int status = response.status();
    if (!operation.secured() && status != 401 && status != 400) {
      assertAccepted(operation, fixture, c, response, why);
      return;
    }
    assertThat(response.header("Content-Type")).as(why).startsWith("application/problem+json");
    if (status == 400) {
      assertNames(c, response, why);
      return;
    }
    assertThat(status).as(why).isEqualTo(401);
    // A public route may ask for the credentials it takes (Basic on the token endpoint).
    assertThat(response.header("WWW-Authenticate"))
        .as(why)
        .startsWith(operation.secured() ? "Bearer" : "");
  }

  /** A 2xx (or a status the fixture allows), as for any request the contract allows. */
  private static void assertAccepted(
      Operation operation, RobustnessFixture fixture, Case c, ApiResponse response, String why) {
    int status = response.status();
    assertThat(
            status >= 200 && status < 300
                || fixture.otherAnswers(operation).contains(status)
                || fixture.domainRuled(operation, c.field()))
        .as(why + " — a request the contract allows must be accepted")
        .isTrue();
  }

  private static void assertRefused(Case c, ApiResponse response, String why) {
    int status = response.status();
    assertThat(status).as(why).isBetween(400, 499);
    assertThat(response.header("Content-Type")).as(why).startsWith("application/problem+json");
    if (c.location() == Location.CONTENT_TYPE) {
      assertThat(status).as(why).isIn(400, 415);
      assertNames(c, response, why);
      return;
    }
    if (c.location() == Location.WHOLE_BODY) {
      assertThat(status).as(why).isIn(400, 413);
      return;
    }
    if (c.location() == Location.PATH && status == 404) {
      return;
    }
    assertThat(status).as(why).isEqualTo(400);
    assertNames(c, response, why);
  }

  /** The 4xx problem's {@code errors} name the changed field (or a field inside it). */
  private static void assertNames(Case c, ApiResponse response, String why) {
    assertThat(response.header("Content-Type")).as(why).startsWith("application/problem+json");
    List<String> fields = new ArrayList<>();
    response.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertThat(fields)
        .as(why + " — errors must name " + c.field())
        .anyMatch(f -> names(f, c.field()));
  }

  /**
   * Whether an error's {@code named} field points at {@code field}: the field itself, a field
   * inside it, or the list whose plain-value item it is ({@code roles} for {@code roles[0]}).
   */
  private static boolean names(String named, String field) {
    return named.equals(field)
        || named.startsWith(field + ".")
        || named.startsWith(field + "[")
        || field.matches(java.util.regex.Pattern.quote(named) + "\\[\\d+]");
  }

  private static String abbreviate(String text, int length) {
    return text.length() > length ? text.substring(0, length) + "…" : text;
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the fixture's body is not JSON: " + body, e);
    }
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
