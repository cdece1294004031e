package io.sac4cps.localstack;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.contracts.wiring.FunctionDefinition;
import io.sac4cps.contracts.wiring.KafkaConsumer;
import io.sac4cps.contracts.wiring.KafkaTopic;
import io.sac4cps.contracts.wiring.SnsTopic;
import io.sac4cps.contracts.wiring.SqsQueue;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.localstack.events.KafkaPoller;
import io.sac4cps.localstack.events.SqsPoller;
import io.sac4cps.localstack.gateway.AuthorizerFunction;
import io.sac4cps.localstack.gateway.GatewaySettings;
import io.sac4cps.localstack.gateway.HttpIntegration;
import io.sac4cps.localstack.gateway.LocalApiGateway;
import io.sac4cps.localstack.runtime.FunctionSpec;
import io.sac4cps.localstack.runtime.FunctionStartException;
import io.sac4cps.localstack.runtime.LambdaFunction;
import io.sac4cps.localstack.security.LocalSigningKey;
import io.sac4cps.localstack.security.LocalTokenAuthorizer;
import io.sac4cps.localstack.services.BackingServices;
import io.sac4cps.localstack.services.WiringProvisioner;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The docker-free local stack: backing services (embedded or external), the queues, topics and
 * subscriptions of {@code contracts/wiring.yaml}, every function whose shaded jar is built (each in
 * its own class loader with its own configuration and database), the event-source pollers, the
 * outbox relay schedule and the local API Gateway in front of it all. {@link LocalStackMain} runs
 * it from the command line; the e2e suite starts it in-process.
 */
public final class LocalStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

  static final String OUTBOX_RELAY_HANDLER = "io.sac4cps.platform.outbox.OutboxRelayHandler";
  static final String IDENTITY = "identity";
  static final String AUTHORIZER = "authorizer";

  @SuppressWarnings("unchecked")
  private static final Class<Map<String, Object>> AUTHORIZER_RESULT =
      (Class<Map<String, Object>>) (Class<?>) Map.class;

  /**
   * How to start it.
   *
   * @param root the repository's root (where {@code functions/} and {@code contracts/} are)
   * @param port the gateway's port, 0 for any free one
   * @param environment where external servers are named (the process's environment)
   */
  public record Options(Path root, int port, Map<String, String> environment) {
    public Options {
      environment = Map.copyOf(environment);
    }
  }

  /** What became of a function of the wiring. */
  public enum FunctionState {
    RUNNING,
    NOT_BUILT,
    FAILED
  }

  private final Options options;
  private final Wiring wiring;
  private final ApiContract contract;
  private final LocalSigningKey signingKey = LocalSigningKey.generate();
  private final Map<String, LambdaFunction> functions = new ConcurrentHashMap<>();
  private final Map<String, FunctionState> states = new ConcurrentHashMap<>();
  private final Map<String, String> failures = new ConcurrentHashMap<>();
  private final List<AutoCloseable> pollers = new ArrayList<>();
  private final Set<String> relaying = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService schedule =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("outbox-relay-schedule").unstarted(r));
  private BackingServices services;
  private LocalApiGateway gateway;
  private BufferedWriter accessLog;
  private String jwks;
  private LocalFunctionVariables variables;

  private LocalStack(Options options) {
    this.options = options;
    this.wiring = Wiring.load(options.root().resolve("contracts/wiring.yaml"));
    this.contract = ApiContract.load(options.root().resolve("contracts/openapi.yaml"));
  }

  /** Starts everything; when something essential fails, stops what started and throws. */
  public static LocalStack start(Options options) {
    LocalStack stack = new LocalStack(options);
    try {
      stack.startAll();
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void startAll() {
    long started = System.nanoTime();
    services = BackingServices.start(options.environment());
    WiringProvisioner.Provisioned provisioned = new WiringProvisioner(services).provision(wiring);
    variables =
        new LocalFunctionVariables(
            wiring,
            services::createDatabase,
            services.kafkaBootstrapServers(),
            services.sqsEndpoint(),
            services.snsEndpoint(),
            provisioned.queueUrls(),
            provisioned.topicArns());
    LOG.info(
        "services up ({}), wiring created in {} ms",
        services.kinds(),
        (System.nanoTime() - started) / 1_000_000);

    List<FunctionDefinition> runnable = new ArrayList<>();
    for (FunctionDefinition function : wiring.activeFunctions()) {
      if (Files.isRegularFile(jar(function.name()))) {
        runnable.add(function);
      } else {
        states.put(function.name(), FunctionState.NOT_BUILT);
      }
    }
    jwks = signingKey.publicJwks();
    // identity signs the tokens everyone else trusts, so it starts first and its JWKS is used.
    runnable.stream()
        .filter(f -> f.name().equals(IDENTITY))
        .findFirst()
        .ifPresent(
            identity -> {
              startFunctions(List.of(identity));
              if (functions.containsKey(IDENTITY)) {
                jwks = fetchJwks(functions.get(IDENTITY), identity);
              }
            });
    startFunctions(runnable.stream().filter(f -> !f.name().equals(IDENTITY)).toList());
    initialiseAuthorizer();

    startPollers(provisioned);
    startOutboxRelays();
    accessLog = openAccessLog();
    gateway =
        new LocalApiGateway(
                contract,
                GatewaySettings.defaults(options.port()),
                httpIntegrations(),
                authorizer(),
                this::health,
                this::logAccess)
            .start();
    LOG.info("local stack up in {} ms", (System.nanoTime() - started) / 1_000_000);
  }

  /** {@code http://localhost:<port>}. */
  public URI url() {
    return gateway.url();
  }

  /** What became of each function of the wiring that is not planned. */
  public Map<String, FunctionState> functionStates() {
    return Map.copyOf(states);
  }

  /** Why a function failed to start, by name. */
  public Map<String, String> failures() {
    return Map.copyOf(failures);
  }

  public boolean isRunning(String function) {
    return states.get(function) == FunctionState.RUNNING;
  }

  /**
   * A token the running functions trust, signed with the key identity signs with; for the demo and
   * for tests while identity is not built.
   */
  public String mintToken(String subject, String tenant, List<String> roles, Duration lifetime) {
    return signingKey.mint(subject, tenant, roles, lifetime);
  }

  public BackingServices services() {
    return services;
  }

  /** The body of {@code GET /health}: each function and each backing service. */
  public Map<String, Object> health() {
    Map<String, Object> functionHealth = new LinkedHashMap<>();
    List<String> notBuilt = new ArrayList<>();
    boolean up = true;
    for (FunctionDefinition definition : wiring.activeFunctions()) {
      String name = definition.name();
      FunctionState state = states.get(name);
      if (state == null || state == FunctionState.NOT_BUILT) {
        if (name.equals(AUTHORIZER)) {
          functionHealth.put(AUTHORIZER, "UP (local stand-in: functions/authorizer not built)");
        } else {
          notBuilt.add(name);
        }
        continue;
      }
      LambdaFunction function = functions.get(name);
      boolean running = function != null && function.isRunning();
      up &= running;
      functionHealth.put(name, running ? "UP" : "DOWN");
    }
    Map<String, String> serviceHealth = services.health();
    up &= serviceHealth.values().stream().allMatch("UP"::equals);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "UP" : "DOWN");
    body.put("functions", functionHealth);
    body.put("notBuilt", notBuilt);
    Map<String, Object> serviceDetails = new LinkedHashMap<>();
    serviceHealth.forEach(
        (name, status) ->
            serviceDetails.put(name, Map.of("status", status, "kind", services.kinds().get(name))));
    body.put("services", serviceDetails);
    return body;
  }

  Path jar(String function) {
    return options.root().resolve("functions/" + function + "/target/" + function + "-lambda.jar");
  }

  /** Starts functions side by side; a function that fails is reported, the others run. */
  private void startFunctions(List<FunctionDefinition> definitions) {
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
                environmentOf(definition.name()),
                definition.memoryMb(),
                definition.timeoutSeconds());
        starting.put(definition.name(), starter.submit(() -> LambdaFunction.start(spec)));
      }
      starting.forEach(
          (name, future) -> {
            try {
              functions.put(name, future.get());
              states.put(name, FunctionState.RUNNING);
            } catch (ExecutionException e) {
              states.put(name, FunctionState.FAILED);
              failures.put(name, e.getCause().getMessage());
              LOG.error("{} did not start: {}", name, e.getCause().getMessage());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("interrupted while starting functions", e);
            }
          });
    }
  }

  /**
   * The environment variables a function gets, the ones CDK sets in AWS (contracts'
   * FunctionEnvironment), pointed at the local services; nothing else of this process reaches it.
   */
  Map<String, String> environmentOf(String function) {
    return variables.of(function, jwks, signingKey.privateJwk());
  }

  /**
   * The REQUEST authorizer in front of secured routes: the {@code functions/authorizer} jar when it
   * is built (a failure is a 500, as in AWS), else {@link LocalTokenAuthorizer}, which makes the
   * same decision.
   */
  private AuthorizerFunction authorizer() {
    FunctionDefinition definition = wiring.function(AUTHORIZER).orElse(null);
    if (definition == null || states.get(AUTHORIZER) == FunctionState.NOT_BUILT) {
      LOG.info("functions/authorizer is not built: tokens are checked by the local stand-in");
      return new LocalTokenAuthorizer(jwks, contract);
    }
    Duration timeout = Duration.ofSeconds(definition.timeoutSeconds());
    return event -> {
      LambdaFunction function = functions.get(AUTHORIZER);
      if (function == null) {
        throw new IllegalStateException("authorizer did not start: " + failures.get(AUTHORIZER));
      }
      return LambdaFunction.convert(
          function.invoke(definition.handler(), event, timeout), AUTHORIZER_RESULT);
    };
  }

  /** Creates the authorizer's handler now, so a configuration error shows in /health at start. */
  private void initialiseAuthorizer() {
    LambdaFunction function = functions.get(AUTHORIZER);
    if (function == null) {
      return;
    }
    try {
      function.initialise(wiring.function(AUTHORIZER).orElseThrow().handler());
    } catch (FunctionStartException e) {
      functions.remove(AUTHORIZER);
      closeQuietly(function);
      states.put(AUTHORIZER, FunctionState.FAILED);
      failures.put(AUTHORIZER, e.getMessage());
      LOG.error("authorizer did not start: {}", e.getMessage());
    }
  }

  /** identity's public keys, from its own {@code GET /.well-known/jwks.json}. */
  private String fetchJwks(LambdaFunction identity, FunctionDefinition definition) {
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
    return signingKey.publicJwks();
  }

  private Map<String, HttpIntegration> httpIntegrations() {
    Map<String, HttpIntegration> integrations = new HashMap<>();
    for (FunctionDefinition definition : wiring.activeFunctions()) {
      LambdaFunction function = functions.get(definition.name());
      if (function == null) {
        continue;
      }
      Duration timeout = Duration.ofSeconds(Math.min(29, definition.timeoutSeconds()));
      integrations.put(
          definition.name(),
          event ->
              LambdaFunction.convert(
                  function.invoke(definition.handler(), event, timeout),
                  APIGatewayProxyResponseEvent.class));
    }
    return integrations;
  }

  /** One poller per event-source mapping whose function runs. */
  private void startPollers(WiringProvisioner.Provisioned provisioned) {
    for (SqsQueue queue : wiring.queues()) {
      queue
          .consumer()
          .filter(c -> !c.planned() && functions.containsKey(c.function()))
          .ifPresent(
              consumer -> {
                LambdaFunction function = functions.get(consumer.function());
                Duration timeout = Duration.ofSeconds(function.spec().timeoutSeconds());
                pollers.add(
                    new SqsPoller(
                            services.sqs(),
                            queue.name(),
                            provisioned.queueUrl(queue.name()),
                            queue.batchSize(),
                            Duration.ofSeconds(1),
                            event ->
                                LambdaFunction.convert(
                                    function.invoke(consumer.handler(), event, timeout),
                                    SQSBatchResponse.class))
                        .start());
              });
    }
    for (KafkaTopic topic : wiring.kafkaTopics()) {
      for (KafkaConsumer consumer : topic.consumers()) {
        LambdaFunction function = functions.get(consumer.function());
        if (consumer.planned() || function == null) {
          continue;
        }
        Duration timeout = Duration.ofSeconds(function.spec().timeoutSeconds());
        String dlqUrl = provisioned.queueUrl(consumer.dlq());
        pollers.add(
            new KafkaPoller(
                    new KafkaPoller.Settings(
                        services.kafkaBootstrapServers(),
                        topic.topic(),
                        consumer.groupId(topic.topic()),
                        consumer.batchSize(),
                        3,
                        Duration.ofSeconds(1),
                        consumer.function()),
                    event -> function.invoke(consumer.handler(), event, timeout),
                    failure ->
                        services.sqs().sendMessage(b -> b.queueUrl(dlqUrl).messageBody(failure)))
                .start());
      }
    }
  }

  /** In AWS a schedule runs each producer's outbox relay; here it runs every second. */
  private void startOutboxRelays() {
    Set<String> producers = new LinkedHashSet<>();
    wiring.topics().stream().map(SnsTopic::producers).forEach(producers::addAll);
    wiring.kafkaTopics().stream().map(KafkaTopic::producers).forEach(producers::addAll);
    producers.stream().filter(functions::containsKey).forEach(relaying::add);
    schedule.scheduleWithFixedDelay(this::relayOutboxes, 1, 1, TimeUnit.SECONDS);
  }

  private void relayOutboxes() {
    for (String name : relaying) {
      LambdaFunction function = functions.get(name);
      try {
        function.invoke(OUTBOX_RELAY_HANDLER, Map.of(), Duration.ofSeconds(30));
      } catch (FunctionStartException e) {
        // The relay is the safety net (requests publish right after commit); say so once.
        relaying.remove(name);
        LOG.warn("{}: outbox relay not scheduled: {}", name, e.getMessage());
      } catch (RuntimeException e) {
        LOG.warn("{}: outbox relay failed: {}", name, e.toString());
      }
    }
  }

  private BufferedWriter openAccessLog() {
    Path file = accessLogFile();
    try {
      Files.createDirectories(file.getParent());
      return Files.newBufferedWriter(
          file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the access log " + file, e);
    }
  }

  /** One JSON line per request, as the CDK app's access log. */
  public Path accessLogFile() {
    return options.root().resolve("localstack/target/logs/access.log");
  }

  private synchronized void logAccess(String line) {
    try {
      accessLog.write(line);
      accessLog.newLine();
      accessLog.flush();
    } catch (IOException e) {
      LOG.debug("access log: {}", e.toString());
    }
  }

  /** Stops the gateway, the pollers, the functions and the services, in that order. */
  @Override
  public void close() {
    if (gateway != null) {
      gateway.close();
    }
    schedule.shutdownNow();
    for (AutoCloseable poller : pollers) {
      closeQuietly(poller);
    }
    functions.values().forEach(LocalStack::closeQuietly);
    functions.clear();
    if (services != null) {
      services.close();
    }
    if (accessLog != null) {
      closeQuietly(accessLog);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("stopping {} failed: {}", closeable, e.toString());
    }
  }
}
