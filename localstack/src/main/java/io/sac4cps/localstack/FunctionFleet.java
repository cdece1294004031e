package io.sac4cps.localstack;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.sac4cps.contracts.wiring.FunctionDefinition;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.localstack.runtime.FunctionSpec;
import io.sac4cps.localstack.runtime.FunctionStartException;
import io.sac4cps.localstack.runtime.LambdaFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The functions of the wiring whose shaded jar is built, each started in its own class loader:
 * identity first (the others trust the keys it publishes), then the rest side by side. A function
 * that fails to start is reported and the others run; the authorizer must be built, since no
 * secured route can answer without it.
 */
final class FunctionFleet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionFleet.class);

  private final Path root;
  private final Wiring wiring;

  /** The function whose keys everyone trusts ({@code role: token-issuer}): started first. */
  private final String tokenIssuer;

  /** API Gateway's REQUEST authorizer ({@code role: authorizer}). */
  private final String authorizer;

  private final Map<String, LambdaFunction> functions = new ConcurrentHashMap<>();
  private final Map<String, LocalStack.FunctionState> states = new ConcurrentHashMap<>();
  private final Map<String, String> failures = new ConcurrentHashMap<>();
  private final Consumer<String> events;

  /**
   * @param events told one line when a function started or failed to
   */
  FunctionFleet(Path root, Wiring wiring, Consumer<String> events) {
    this.root = root;
    this.wiring = wiring;
    this.tokenIssuer = wiring.tokenIssuer().map(FunctionDefinition::name).orElse(null);
    this.authorizer =
        wiring
            .authorizer()
            .map(FunctionDefinition::name)
            .orElseThrow(
                () -> new IllegalStateException("contracts/wiring.yaml has no authorizer"));
    this.events = events;
  }

  /**
   * Starts every built function.
   *
   * @param environment what each function's environment is
   * @throws IllegalStateException when the authorizer is not built
   */
  void start(RunEnvironments environment) {
    List<FunctionDefinition> runnable = new ArrayList<>();
    for (FunctionDefinition function : wiring.activeFunctions()) {
      if (Files.isRegularFile(jar(function.name()))) {
        runnable.add(function);
      } else {
        states.put(function.name(), LocalStack.FunctionState.NOT_BUILT);
      }
    }
    if (states.get(authorizer) == LocalStack.FunctionState.NOT_BUILT) {
      throw new IllegalStateException(
          jar(authorizer)
              + " is not built; localstack/start builds it, or run"
              + " ./mvnw -B package -DskipTests -pl functions/authorizer -am");
    }
    runnable.stream()
        .filter(f -> f.name().equals(tokenIssuer))
        .findFirst()
        .ifPresent(
            identity -> {
              startSideBySide(List.of(identity), environment);
              running(tokenIssuer).ifPresent(f -> environment.trust(fetchJwks(f, identity)));
            });
    startSideBySide(
        runnable.stream().filter(f -> !f.name().equals(tokenIssuer)).toList(), environment);
    initialiseAuthorizer();
  }

  Path jar(String function) {
    return root.resolve("functions/" + function + "/target/" + function + "-lambda.jar");
  }

  String tokenIssuer() {
    return tokenIssuer;
  }

  String authorizer() {
    return authorizer;
  }

  Optional<LambdaFunction> running(String name) {
    return Optional.ofNullable(functions.get(name));
  }

  /** What became of each function of the wiring that is not planned. */
  Map<String, LocalStack.FunctionState> states() {
    return Map.copyOf(states);
  }

  /** Why a function failed to start, by name. */
  Map<String, String> failures() {
    return Map.copyOf(failures);
  }

  private void startSideBySide(List<FunctionDefinition> definitions, RunEnvironments environment) {
    if (definitions.isEmpty()) {
      return;
    }
    try (ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor()) {
      Map<String, Future<LambdaFunction>> starting = new LinkedHashMap<>();
      for (FunctionDefinition definition : definitions) {
        FunctionSpec spec =
            new FunctionSpec(
                definition.name(),
                List.of(jar(definition.name())),
                environment.environmentOf(definition.name()),
                definition.memoryMb(),
                definition.timeoutSeconds());
        starting.put(definition.name(), starter.submit(() -> LambdaFunction.start(spec)));
      }
      starting.forEach(
          (name, future) -> {
            try {
              functions.put(name, future.get());
              states.put(name, LocalStack.FunctionState.RUNNING);
              events.accept(name + " started");
            } catch (ExecutionException e) {
              fail(name, e.getCause().getMessage());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("interrupted while starting functions", e);
            }
          });
    }
  }

  private void fail(String name, String reason) {
    states.put(name, LocalStack.FunctionState.FAILED);
    failures.put(name, reason);
    LOG.error("{} did not start: {}", name, reason);
    events.accept(name + " did not start: " + reason);
  }

  /** Creates the authorizer's handler now, so a configuration error shows in /health at start. */
  private void initialiseAuthorizer() {
    LambdaFunction function = functions.get(authorizer);
    if (function == null) {
      return;
    }
    try {
      function.initialise(wiring.function(authorizer).orElseThrow().handler());
    } catch (FunctionStartException e) {
      functions.remove(authorizer);
      closeQuietly(function);
      fail(authorizer, e.getMessage());
    }
  }

  /** identity's public keys, from its own {@code GET /.well-known/jwks.json}; null if it fails. */
  private static String fetchJwks(LambdaFunction identity, FunctionDefinition definition) {
    APIGatewayProxyRequestEvent event =
        new APIGatewayProxyRequestEvent()
            .withHttpMethod("GET")
            .withPath("/.well-known/jwks.json")
            .withResource("/.well-known/jwks.json")
            .withHeaders(Map.of("Accept", "application/json"))
            .withRequestContext(
                new APIGatewayProxyRequestEvent.ProxyRequestContext()
                    .withStage("local")
                    .withHttpMethod("GET")
                    .withPath("/.well-known/jwks.json")
                    .withResourcePath("/.well-known/jwks.json")
                    .withRequestId("localstack-jwks"));
    try {
      APIGatewayProxyResponseEvent response =
          LambdaFunction.convert(
              identity.invoke(
                  definition.handler(), event, Duration.ofSeconds(definition.timeoutSeconds())),
              APIGatewayProxyResponseEvent.class);
      if (response.getStatusCode() == 200 && response.getBody().contains("\"keys\"")) {
        return response.getBody();
      }
      LOG.warn("identity answered {} for its JWKS; using the local key", response.getStatusCode());
    } catch (RuntimeException e) {
      LOG.warn("could not fetch identity's JWKS ({}); using the local key", e.toString());
    }
    return null;
  }

  @Override
  public void close() {
    functions.values().forEach(FunctionFleet::closeQuietly);
    functions.clear();
  }

  static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("stopping {} failed: {}", closeable, e.toString());
    }
  }
}
