package io.sac4cps.testkit.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.contracts.api.RouteMatch;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.platform.http.ApiRequestFunction;
import io.sac4cps.testkit.contract.OpenApiContractCheck;
import io.sac4cps.testkit.security.TestTokens;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One function's real HTTP Lambda handler ({@link ApiGatewayProxyRequestEventFunction} on its own
 * application context) as API Gateway invokes it: REST payload v1 events, a Lambda context named
 * after the function, and every request and response checked against contracts/openapi.yaml before
 * the test sees the answer.
 *
 * <pre>{@code
 * ApiFunction sensors = ApiFunction.builder("sensors").properties(infrastructure.properties()).start();
 * ApiResponse created = sensors.post("/sensors", adminToken, "{\"roomId\":\"r\",...}");
 * ApiResponse page = sensors.get("/sensors?limit=2", adminToken);   // route found in the contract
 * ApiResponse refused = sensors.violatingContract().post("/sensors", adminToken, "{}");
 * }</pre>
 *
 * <p>A request the contract forbids fails the test before it is sent, unless the call says so:
 * {@link #violatingContract()} for a bad request whose documented error answer is still checked,
 * {@link #outsideContract()} for a request no operation describes (e.g. a CORS preflight). Both
 * fail if the request turns out to conform, so the marker cannot go stale. Several instances built
 * from the same configuration behave like several Lambda instances of one function.
 */
public final class ApiFunction implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The contract, parsed on first use. */
  private static final class Contract {
    static final ApiContract API = ApiContract.load();
  }

  /** How a call is held to the contract. */
  private enum ContractCheck {
    /** The request and the response conform. */
    CONFORMING,
    /** The request violates the contract on purpose; the response is a documented answer. */
    VIOLATING,
    /** No operation describes the request; there is no documented answer to check. */
    OUTSIDE,
    /** The request is not judged (generated wrong callers); the response is a documented answer. */
    ANSWERS_ONLY,
    /** Nothing is checked: for benchmarks, where the validator's cost would be measured. */
    NONE
  }

  private final String functionName;
  private final ApplicationContext context;
  private final RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler;
  private final AutoCloseable closing;
  private final ContractCheck check;

  private ApiFunction(
      String functionName,
      ApplicationContext context,
      RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler,
      AutoCloseable closing,
      ContractCheck check) {
    this.functionName = functionName;
    this.context = context;
    this.handler = handler;
    this.closing = closing;
    this.check = check;
  }

  /**
   * A function to start.
   *
   * @param functionName the function's name in contracts/wiring.yaml, given to the Lambda context
   */
  public static Builder builder(String functionName) {
    return new Builder(functionName);
  }

  /** Configuration of the function's application context. */
  public static final class Builder {
    private final String functionName;
    private final Map<String, Object> properties = new LinkedHashMap<>(TestTokens.configuration());
    private final List<Object> singletons = new ArrayList<>();

    private Builder(String functionName) {
      this.functionName = functionName;
    }

    /**
     * Adds properties, e.g. an {@code Infrastructure}'s. The test kit's token configuration ({@link
     * TestTokens#configuration()}) is there from the start, so the function trusts test tokens.
     */
    public Builder properties(Map<String, ?> properties) {
      this.properties.putAll(properties);
      return this;
    }

    public Builder property(String name, Object value) {
      properties.put(name, value);
      return this;
    }

    /** Removes a property, e.g. one the defaults set, to test the function without it. */
    public Builder without(String name) {
      properties.remove(name);
      return this;
    }

    /** Registers a bean before the context starts, e.g. an in-memory span exporter. */
    public Builder singleton(Object bean) {
      singletons.add(bean);
      return this;
    }

    /** Starts a new instance; may be called again for another instance on the same settings. */
    public ApiFunction start() {
      ApplicationContext context =
          ApplicationContext.builder()
              .properties(properties)
              .singletons(singletons.toArray())
              .start();
      var handler = new ApiRequestFunction(context);
      return new ApiFunction(functionName, context, handler, handler, ContractCheck.CONFORMING);
    }
  }

  /**
   * Any handler of API Gateway proxy events held to the contract the same way, without an
   * application context: for testing the harness itself.
   */
  static ApiFunction of(
      String functionName,
      RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) {
    return new ApiFunction(functionName, null, handler, () -> {}, ContractCheck.CONFORMING);
  }

  /** The function's application context, for its beans (stores, relays, consumer handlers). */
  public ApplicationContext context() {
    if (context == null) {
      throw new IllegalStateException(functionName + " was not started from a builder");
    }
    return context;
  }

  public <T> T bean(Class<T> type) {
    return context().getBean(type);
  }

  public String functionName() {
    return functionName;
  }

  /** Calls whose requests the contract forbids on purpose, e.g. to test a 400. */
  public ApiFunction violatingContract() {
    return withCheck(ContractCheck.VIOLATING);
  }

  /** Calls that no operation of the contract describes, e.g. an {@code OPTIONS} preflight. */
  public ApiFunction outsideContract() {
    return withCheck(ContractCheck.OUTSIDE);
  }

  /**
   * Calls whose requests are not judged, some conforming, some not, while every answer must be a
   * documented one: for generated callers such as the security matrix's.
   */
  public ApiFunction answersOnly() {
    return withCheck(ContractCheck.ANSWERS_ONLY);
  }

  /** Calls checked against nothing: for benchmarks, which would measure the validator. */
  public ApiFunction withoutContractCheck() {
    return withCheck(ContractCheck.NONE);
  }

  private ApiFunction withCheck(ContractCheck check) {
    return new ApiFunction(functionName, context, handler, closing, check);
  }

  /**
   * A request for a concrete path with an optional query string, e.g. {@code
   * /sensors/s-1/data?limit=2}: the resource and path parameters come from the contract's matching
   * operation, query values are URL-decoded.
   */
  public static ApiGatewayEvents.Request request(String method, String pathAndQuery) {
    int question = pathAndQuery.indexOf('?');
    String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
    Optional<RouteMatch> match = Contract.API.match(method, path);
    ApiGatewayEvents.Request request =
        ApiGatewayEvents.request(method, match.map(m -> m.operation().path()).orElse(path))
            .path(path);
    match.ifPresent(m -> m.pathParameters().forEach(request::pathParameter));
    if (question >= 0) {
      for (String pair : pathAndQuery.substring(question + 1).split("&")) {
        String[] nameAndValue = pair.split("=", 2);
        request.query(
            decode(nameAndValue[0]), nameAndValue.length < 2 ? "" : decode(nameAndValue[1]));
      }
    }
    return request;
  }

  public ApiResponse get(String pathAndQuery, String token) {
    return send(withToken(request("GET", pathAndQuery), token));
  }

  /**
   * @param body a JSON string as given, or any other object serialized as JSON
   */
  public ApiResponse post(String pathAndQuery, String token, Object body) {
    return send(withToken(request("POST", pathAndQuery), token).json(json(body)));
  }

  public ApiResponse put(String pathAndQuery, String token, Object body) {
    return send(withToken(request("PUT", pathAndQuery), token).json(json(body)));
  }

  public ApiResponse delete(String pathAndQuery, String token) {
    return send(withToken(request("DELETE", pathAndQuery), token));
  }

  /** Sends the event, holding request and response to the contract as this view says. */
  public ApiResponse send(ApiGatewayEvents.Request request) {
    APIGatewayProxyRequestEvent event = request.build();
    checkRequest(event);
    // A new context per invocation, as Lambda gives: its own request id and a deadline from now.
    APIGatewayProxyResponseEvent response =
        handler.handleRequest(event, LocalLambdaContext.of(functionName));
    if (check == ContractCheck.CONFORMING
        || check == ContractCheck.VIOLATING
        || check == ContractCheck.ANSWERS_ONLY) {
      List<String> violations =
          OpenApiContractCheck.platformContract()
              .responseViolations(event.getHttpMethod(), event.getPath(), response);
      if (!violations.isEmpty()) {
        throw new AssertionError(
            violation(event, "response (status " + response.getStatusCode() + ")", violations)
                + "\nbody: "
                + response.getBody());
      }
    }
    return new ApiResponse(response);
  }

  private void checkRequest(APIGatewayProxyRequestEvent event) {
    if (check == ContractCheck.NONE || check == ContractCheck.ANSWERS_ONLY) {
      return;
    }
    List<String> violations = OpenApiContractCheck.platformContract().requestViolations(event);
    switch (check) {
      case CONFORMING -> {
        if (!violations.isEmpty()) {
          throw new AssertionError(
              violation(event, "request", violations)
                  + "\nbody: "
                  + event.getBody()
                  + "\n(if the test sends it on purpose: violatingContract() or"
                  + " outsideContract())");
        }
      }
      case VIOLATING -> {
        if (violations.isEmpty()) {
          throw new AssertionError(
              describe(event) + " request was sent as violatingContract() but conforms");
        }
        if (violations.stream().anyMatch(ApiFunction::addressesNoOperation)) {
          throw new AssertionError(
              violation(event, "request", violations)
                  + "\n(no operation describes it: outsideContract())");
        }
      }
      case OUTSIDE -> {
        if (violations.stream().noneMatch(ApiFunction::addressesNoOperation)) {
          throw new AssertionError(
              describe(event)
                  + " request was sent as outsideContract() but the contract describes it"
                  + (violations.isEmpty() ? "" : "; its violations: " + violations));
        }
      }
      default -> throw new IllegalStateException(check.name());
    }
  }

  /** The validator's keys for a path or method the document does not have. */
  private static boolean addressesNoOperation(String violation) {
    return violation.startsWith("validation.request.path.missing")
        || violation.startsWith("validation.request.operation.notAllowed");
  }

  private static String violation(
      APIGatewayProxyRequestEvent event, String what, List<String> violations) {
    return describe(event)
        + " "
        + what
        + " violates contracts/openapi.yaml:\n  - "
        + String.join("\n  - ", violations);
  }

  private static String describe(APIGatewayProxyRequestEvent event) {
    return event.getHttpMethod() + " " + event.getPath();
  }

  private static ApiGatewayEvents.Request withToken(
      ApiGatewayEvents.Request request, String token) {
    return token == null ? request : request.bearer(token);
  }

  private static String json(Object body) {
    if (body instanceof String text) {
      return text;
    }
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("body does not serialize as JSON: " + body, e);
    }
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /** Closes the handler and its application context (shared by every view of this instance). */
  @Override
  public void close() {
    try {
      closing.close();
    } catch (Exception e) {
      throw new IllegalStateException(functionName + " did not close", e);
    }
  }
}
