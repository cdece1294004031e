package io.sac4cps.localstack;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.sac4cps.contracts.wiring.FunctionDefinition;
import io.sac4cps.localstack.runtime.LambdaFunction;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks each running function's own {@code GET /health} (which checks its database, decision 0040)
 * through its HTTP handler, all at once: a function is UP (or DEGRADED, when its 200 says so) only
 * when it answers 200 within {@link #TIMEOUT}. A process that runs is not yet one that serves: a
 * function whose database is gone, or that is still starting, is DOWN here (decision 0060).
 */
final class FunctionHealth {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionHealth.class);

  /** A little over the pool's 2 s connection timeout, so a database that is down answers first. */
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  /**
   * For a function's first request at start, which loads the classes of its HTTP path: measured
   * over 3 s at load 17 on 2 cores.
   */
  static final Duration FIRST_TIMEOUT = Duration.ofSeconds(60);

  private static final Pattern DEGRADED = Pattern.compile("^\\{\"status\":\"DEGRADED\"");

  private FunctionHealth() {}

  /**
   * UP, DEGRADED or DOWN for each function, in the order given, each answering within {@code
   * timeout}.
   */
  static Map<String, String> of(Map<FunctionDefinition, LambdaFunction> running, Duration timeout) {
    Map<String, Future<String>> answers = new LinkedHashMap<>();
    try (ExecutorService askers = Executors.newVirtualThreadPerTaskExecutor()) {
      running.forEach(
          (definition, function) ->
              answers.put(
                  definition.name(), askers.submit(() -> ask(definition, function, timeout))));
      Map<String, String> health = new LinkedHashMap<>();
      answers.forEach((name, answer) -> health.put(name, status(name, answer)));
      return health;
    }
  }

  private static String ask(
      FunctionDefinition definition, LambdaFunction function, Duration timeout) {
    APIGatewayProxyRequestEvent event =
        new APIGatewayProxyRequestEvent()
            .withHttpMethod("GET")
            .withPath("/health")
            .withResource("/health")
            .withHeaders(Map.of("Accept", "application/json"))
            .withMultiValueHeaders(Map.of("Accept", List.of("application/json")))
            .withRequestContext(
                new APIGatewayProxyRequestEvent.ProxyRequestContext()
                    .withRequestId(UUID.randomUUID().toString())
                    .withHttpMethod("GET")
                    .withPath("/health")
                    .withResourcePath("/health")
                    .withStage("local")
                    .withIdentity(
                        new APIGatewayProxyRequestEvent.RequestIdentity()
                            .withSourceIp("127.0.0.1")))
            .withIsBase64Encoded(false);
    APIGatewayProxyResponseEvent response =
        LambdaFunction.convert(
            function.invoke(definition.handler(), event, timeout),
            APIGatewayProxyResponseEvent.class);
    if (response.getStatusCode() == null || response.getStatusCode() != 200) {
      return "DOWN";
    }
    // A 200 is UP or DEGRADED (an open breaker, a dependency not UP: decision 0073), as it says.
    String body = response.getBody() == null ? "" : response.getBody();
    return DEGRADED.matcher(body).find() ? "DEGRADED" : "UP";
  }

  private static String status(String name, Future<String> answer) {
    try {
      return answer.get();
    } catch (Exception e) {
      LOG.debug("health of {} failed: {}", name, e.toString());
      return "DOWN";
    }
  }
}
