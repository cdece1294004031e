package io.sac4cps.localstack;

import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.contracts.wiring.FunctionDefinition;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.embedded.LocalWebSocketApi;
import io.sac4cps.localstack.gateway.GatewaySettings;
import io.sac4cps.localstack.gateway.LocalApiGateway;
import io.sac4cps.localstack.gateway.StaticSite;
import io.sac4cps.localstack.runtime.LambdaFunction;
import io.sac4cps.localstack.security.LocalSigningKey;
import io.sac4cps.localstack.services.BackingServices;
import io.sac4cps.localstack.services.WiringProvisioner;
import io.sac4cps.localstack.telemetry.MetricsView;
import io.sac4cps.localstack.telemetry.TraceCollector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The docker-free local stack: backing services (embedded or external), the queues, topics and
 * subscriptions of {@code contracts/wiring.yaml}, every function whose shaded jar is built ({@link
 * FunctionFleet}), the event-source pollers ({@link EventSourceMappings}), the outbox relay
 * schedule ({@link OutboxRelaySchedule}) and the local API Gateway in front of it all. {@link
 * LocalStackMain} runs it from the command line; the e2e suite starts it in-process.
 */
public final class LocalStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * How to start it.
   *
   * @param root the repository's root (where {@code functions/} and {@code contracts/} are)
   * @param port the gateway's port, 0 for any free one
   * @param environment where external servers are named (the process's environment)
   * @param dataDirectory where the embedded PostgreSQL and Kafka keep their data across runs; empty
   *     for throw-away data
   * @param events told one line per step of the start (services up, a function started or not)
   * @param preparing what {@code GET /health} waits for after the start (see {@link #prepared})
   * @param settings variables added to a function's environment, by function (e.g. the end-to-end
   *     suite slowing exports down); none by default, as in AWS
   */
  public record Options(
      Path root,
      int port,
      Map<String, String> environment,
      Optional<Path> dataDirectory,
      Consumer<String> events,
      Set<String> preparing,
      Map<String, Map<String, String>> settings) {
    public Options {
      environment = Map.copyOf(environment);
      preparing = Set.copyOf(preparing);
      settings = Map.copyOf(settings);
    }

    /** Throw-away data, steps only logged, UP as soon as everything runs. */
    public Options(Path root, int port, Map<String, String> environment) {
      this(root, port, environment, Optional.empty(), step -> {}, Set.of(), Map.of());
    }

    public Options keepingDataIn(Path directory) {
      return new Options(
          root, port, environment, Optional.of(directory), events, preparing, settings);
    }

    public Options reportingTo(Consumer<String> events) {
      return new Options(root, port, environment, dataDirectory, events, preparing, settings);
    }

    /** {@code GET /health} is not UP until {@link LocalStack#prepared(String)} is called. */
    public Options preparing(String what) {
      Set<String> more = new HashSet<>(preparing);
      more.add(what);
      return new Options(root, port, environment, dataDirectory, events, more, settings);
    }

    /** {@code function} also gets {@code variables} (over what the wiring gives it). */
    public Options setting(String function, Map<String, String> variables) {
      Map<String, Map<String, String>> more = new HashMap<>(settings);
      more.merge(
          function,
          Map.copyOf(variables),
          (a, b) -> {
            Map<String, String> both = new HashMap<>(a);
            both.putAll(b);
            return both;
          });
      return new Options(root, port, environment, dataDirectory, events, preparing, more);
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
  private final FunctionFleet fleet;
  private final Set<String> preparing = ConcurrentHashMap.newKeySet();
  private final Optional<StaticSite> site = StaticSite.fromClasspath();
  private final TraceCollector traces = new TraceCollector();
  private final MetricsView metrics = new MetricsView();
  private BackingServices services;
  private EventSourceMappings eventSources;
  private OutboxRelaySchedule relays;
  private AccessLog accessLog;
  private LocalApiGateway gateway;
  private LocalWebSocketApi webSocketApi;
  private int port;

  private LocalStack(Options options) {
    this.options = options;
    this.wiring = Wiring.load(options.root().resolve("contracts/wiring.yaml"));
    this.contract = ApiContract.load(options.root().resolve("contracts/openapi.yaml"));
    this.fleet = new FunctionFleet(options.root(), wiring, options.events());
    this.preparing.addAll(options.preparing());
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
    services = BackingServices.start(options.environment(), options.dataDirectory());
    WiringProvisioner.Provisioned provisioned = new WiringProvisioner(services).provision(wiring);
    step(
        "services up ("
            + services.kinds()
            + "), wiring created in "
            + (System.nanoTime() - started) / 1_000_000
            + " ms");

    // The WebSocket API and @connections share the gateway's port, as the functions must know it
    // before it listens (their @connections endpoint).
    port = options.port() == 0 ? freePort() : options.port();
    fleet.start(
        new RunEnvironments(
            new LocalFunctionVariables(
                wiring,
                services::functionDatabase,
                services.kafkaBootstrapServers(),
                services.sqsEndpoint(),
                services.snsEndpoint(),
                services.s3Endpoint(),
                provisioned.queueUrls(),
                provisioned.topicArns(),
                "http://127.0.0.1:" + port,
                services.mail().host() + ":" + services.mail().port()),
            signingKey,
            options.settings()));
    eventSources = EventSourceMappings.start(wiring, fleet, services, provisioned);
    relays = OutboxRelaySchedule.start(wiring, fleet);
    accessLog = AccessLog.open(options.root().resolve("localstack/target/logs/access.log"));
    var webSocket = GatewayIntegrations.webSocket(wiring, fleet);
    GatewaySettings settings = GatewaySettings.defaults(webSocket.isPresent() ? 0 : port);
    gateway =
        new LocalApiGateway(
                contract,
                settings,
                GatewayIntegrations.http(wiring, fleet),
                GatewayIntegrations.authorizer(wiring, fleet),
                this::health,
                accessLog::write)
            .serving(site.orElse(null))
            .tracingTo(traces)
            .showingMetrics(metrics)
            .start();
    if (webSocket.isPresent()) {
      // In front: WebSocket handshakes, @connections and /_local/mail here, the rest to the
      // gateway.
      webSocketApi =
          LocalWebSocketApi.builder(
                  GatewayIntegrations.webSocketAuthorizer(wiring, fleet, settings.stage()),
                  webSocket.get())
              .host(settings.bindAddress())
              .port(port)
              .stage(settings.stage())
              .localPage("/_local/mail", this::mailJson)
              .localPage("/_local/sms", this::smsJson)
              .fallback(new LocalWebSocketApi.Fallback(settings.bindAddress(), gateway.port()))
              .start();
      step("WebSocket API at ws://localhost:" + port + "/ws/notifications");
    }
    // Each function's first /health, so the first GET /health after start answers in time.
    Map<String, String> serving = FunctionHealth.of(serving(), FunctionHealth.FIRST_TIMEOUT);
    step("functions answering /health: " + serving);
    step("local stack up in " + (System.nanoTime() - started) / 1_000_000 + " ms");
  }

  /** The running functions that serve routes (all but the authorizer), in the wiring's order. */
  private Map<FunctionDefinition, LambdaFunction> serving() {
    Map<FunctionDefinition, LambdaFunction> serving = new LinkedHashMap<>();
    for (FunctionDefinition definition : wiring.activeFunctions()) {
      if (definition.role() != FunctionDefinition.Role.AUTHORIZER) {
        fleet
            .running(definition.name())
            .filter(LambdaFunction::isRunning)
            .ifPresent(function -> serving.put(definition, function));
      }
    }
    return serving;
  }

  private void step(String step) {
    LOG.info(step);
    options.events().accept(step);
  }

  /** {@code http://localhost:<port>}. */
  /** Whether the gateway serves the dashboard at {@code /} (the web module is built). */
  public boolean servesDashboard() {
    return site.isPresent();
  }

  public URI url() {
    return webSocketApi == null ? gateway.url() : URI.create("http://localhost:" + port);
  }

  /** {@code ws://localhost:<port>/ws/notifications}, when the WebSocket function runs. */
  public Optional<URI> webSocketUrl() {
    return Optional.ofNullable(webSocketApi)
        .map(api -> URI.create("ws://localhost:" + port + "/ws/notifications"));
  }

  /** The mail the functions sent, newest last, as JSON for {@code GET /_local/mail}. */
  private String mailJson() {
    try {
      List<Map<String, Object>> items = new ArrayList<>();
      for (var mail : services.mail().received()) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("to", mail.to());
        item.put("from", mail.from());
        item.put("subject", mail.subject());
        item.put("text", mail.text());
        item.put("html", mail.html());
        item.put("notificationId", mail.notificationId());
        item.put("receivedAt", mail.receivedAt().toString());
        items.add(item);
      }
      return JSON.writeValueAsString(Map.of("items", items));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("mail did not serialize", e);
    }
  }

  /** The SMS the functions published, oldest first, for {@code GET /_local/sms}. */
  private String smsJson() {
    List<Map<String, Object>> items = new ArrayList<>();
    for (var sms : services.textMessages()) {
      items.add(
          Map.of(
              "phoneNumber", sms.phoneNumber(),
              "message", sms.message(),
              "publishedAt", sms.publishedAt().toString()));
    }
    try {
      return JSON.writeValueAsString(Map.of("items", items));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("SMS did not serialize", e);
    }
  }

  private static int freePort() {
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("no free port", e);
    }
  }

  /** What became of each function of the wiring that is not planned. */
  public Map<String, FunctionState> functionStates() {
    return fleet.states();
  }

  /** Why a function failed to start, by name. */
  public Map<String, String> failures() {
    return fleet.failures();
  }

  /** Whether the function that issues tokens (identity) runs, so users can log in. */
  public boolean isTokenIssuerRunning() {
    return fleet.tokenIssuer() != null && isRunning(fleet.tokenIssuer());
  }

  public boolean isRunning(String function) {
    return fleet.states().get(function) == FunctionState.RUNNING;
  }

  /**
   * A token the running functions trust, signed with the key identity signs with; for the demo and
   * for tests while identity is not built.
   */
  public String mintToken(String subject, String tenant, List<String> roles, Duration lifetime) {
    return signingKey.mint(subject, tenant, roles, lifetime);
  }

  /**
   * Rotates identity's signing keys in the local key store, as Secrets Manager's schedule does in
   * AWS: identity signs with the next key once it reads the ring again, and the key that signed
   * until now stays published for {@code overlap}.
   */
  public void rotateSigningKeys(Duration overlap) {
    signingKey.rotate(overlap);
  }

  /** The id of the key identity signs with after it has read the ring. */
  public String signingKeyId() {
    return signingKey.activeKeyId();
  }

  public BackingServices services() {
    return services;
  }

  /**
   * Keeps {@code GET /health} from answering UP until {@link #prepared(String)}: for what is set up
   * through the stack's own API after it started, such as the demo organisation.
   */
  public void preparing(String what) {
    preparing.add(what);
  }

  public void prepared(String what) {
    preparing.remove(what);
  }

  /**
   * The body of {@code GET /health}: each function, as its own {@code /health} answers ({@link
   * FunctionHealth}; the authorizer, which has none, by whether it runs), and each backing service.
   * {@code checks} repeats the functions' and services' states as the contract's {@code Health}
   * names them.
   */
  public Map<String, Object> health() {
    Map<String, Object> functionHealth = new LinkedHashMap<>();
    List<String> notBuilt = new ArrayList<>();
    Map<String, FunctionState> states = fleet.states();
    Map<String, String> serving = FunctionHealth.of(serving(), FunctionHealth.TIMEOUT);
    for (FunctionDefinition definition : wiring.activeFunctions()) {
      String name = definition.name();
      FunctionState state = states.get(name);
      if (state == null || state == FunctionState.NOT_BUILT) {
        notBuilt.add(name);
        continue;
      }
      boolean running = fleet.running(name).map(LambdaFunction::isRunning).orElse(false);
      functionHealth.put(name, serving.getOrDefault(name, running ? "UP" : "DOWN"));
    }
    boolean up = functionHealth.values().stream().noneMatch("DOWN"::equals);
    boolean degraded = functionHealth.containsValue("DEGRADED");
    Map<String, String> serviceHealth = services.health();
    // As for a function (decision 0073): only the database is essential; with a broker or SNS, SQS
    // or S3 down the functions serve and their outboxes or redeliveries keep the work (0076).
    up &= "UP".equals(serviceHealth.get("postgres"));
    degraded |= serviceHealth.values().stream().anyMatch(status -> !"UP".equals(status));
    Map<String, Object> body = new LinkedHashMap<>();
    List<String> pending = List.copyOf(preparing);
    body.put(
        "status", !up ? "DOWN" : !pending.isEmpty() ? "STARTING" : degraded ? "DEGRADED" : "UP");
    if (!pending.isEmpty()) {
      body.put("preparing", pending);
    }
    body.put("functions", functionHealth);
    body.put("notBuilt", notBuilt);
    Map<String, Object> checks = new LinkedHashMap<>(functionHealth);
    checks.putAll(serviceHealth);
    body.put("checks", checks);
    Map<String, Object> serviceDetails = new LinkedHashMap<>();
    serviceHealth.forEach(
        (name, status) ->
            serviceDetails.put(name, Map.of("status", status, "kind", services.kinds().get(name))));
    body.put("services", serviceDetails);
    return body;
  }

  /** One JSON line per request, as the CDK app's access log. */
  public Path accessLogFile() {
    return accessLog.file();
  }

  /** Stops the gateway, the relays, the pollers, the functions and the services, in that order. */
  @Override
  public void close() {
    for (AutoCloseable part :
        new AutoCloseable[] {webSocketApi, gateway, relays, eventSources, fleet}) {
      if (part != null) {
        FunctionFleet.closeQuietly(part);
      }
    }
    if (services != null) {
      services.close();
    }
    if (accessLog != null) {
      accessLog.close();
    }
    signingKey.close();
  }
}
