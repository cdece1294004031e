package io.sac4cps.contracts.wiring;

import io.sac4cps.contracts.wiring.FunctionDefinition.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The environment variables a function's code reads, each with its meaning, derived from its entry
 * in the wiring: its database, the brokers it produces to, the topic ARNs, queue URLs and buckets
 * it uses, the keys tokens are verified (or, for the token issuer, signed) with. CDK (in AWS) and
 * the local stack each supply the values, through {@link #resolve}; the names come only from here,
 * so a function finds the same variables wherever it runs.
 *
 * <p>Most variables go to every Lambda of a function module, since its code may run in any of them
 * (an HTTP request, a consumer batch and the outbox relay all publish). A few belong to one handler
 * only ({@link Variable#handler}): the token issuer's signing key to its HTTP handler (its outbox
 * relay never needs it), a Kafka consumer's dead-letter queue to that consumer. Where one process
 * runs every handler of a module (the local stack), it gets {@link #variables() all} of them.
 */
public final class FunctionEnvironment {

  /** Whether every environment sets a variable. */
  public enum Need {
    /** Every environment sets it. */
    REQUIRED,
    /** Set where the environment's infrastructure needs it (broker authentication, CORS). */
    OPTIONAL,
    /** Exactly one variable of its {@link Meaning#group} is set. */
    ONE_OF
  }

  /** What a variable holds. */
  public enum Meaning {
    STAGE("SAC4CPS_STAGE", Need.REQUIRED, "the stage it runs in: dev, prod or local"),
    TOKEN_JWKS(
        "SAC4CPS_SECURITY_JWKS", Need.REQUIRED, "public keys (a JWKS) tokens are verified with"),
    TOKEN_JWKS_URL(
        "SAC4CPS_SECURITY_JWKS_URL",
        Need.OPTIONAL,
        "identity's published JWKS, fetched again when a token names a key not yet known"),
    TOKEN_ISSUER("SAC4CPS_SECURITY_ISSUER", Need.REQUIRED, "the iss of trusted tokens"),
    TOKEN_AUDIENCE("SAC4CPS_SECURITY_AUDIENCE", Need.REQUIRED, "the aud of trusted tokens"),
    DATABASE_URL("DATASOURCES_DEFAULT_URL", Need.REQUIRED, "JDBC URL of its own schema"),
    DATABASE_USERNAME(
        "DATASOURCES_DEFAULT_USERNAME", Need.REQUIRED, "its database role (SchemaRole), no other"),
    DATABASE_IAM_AUTHENTICATION(
        "SAC4CPS_DATABASE_IAM_AUTHENTICATION",
        Need.OPTIONAL,
        "true: signs in with an IAM token made at each connection (AWS), never a password"),
    DATABASE_PASSWORD(
        "DATASOURCES_DEFAULT_PASSWORD",
        Need.OPTIONAL,
        "the role's password where the server checks one and IAM does not sign in (locally)"),
    MIGRATE_ON_START(
        "FLYWAY_DATASOURCES_DEFAULT_ENABLED",
        Need.REQUIRED,
        "true: Flyway migrates its schema on start; false: a deploy step already did"),
    KAFKA_BOOTSTRAP_SERVERS(
        "KAFKA_BOOTSTRAP_SERVERS", Need.REQUIRED, "brokers of the Kafka topics it produces to"),
    KAFKA_SECURITY_PROTOCOL(
        "KAFKA_SECURITY_PROTOCOL", Need.OPTIONAL, "broker authentication: SASL_SSL for MSK IAM"),
    KAFKA_SASL_MECHANISM("KAFKA_SASL_MECHANISM", Need.OPTIONAL, "SASL mechanism: AWS_MSK_IAM"),
    KAFKA_SASL_JAAS_CONFIG("KAFKA_SASL_JAAS_CONFIG", Need.OPTIONAL, "SASL login module"),
    KAFKA_SASL_CALLBACK_HANDLER(
        "KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS", Need.OPTIONAL, "SASL callback handler"),
    SNS_TOPIC_ARN("SAC4CPS_SNS_TOPIC_ARNS_", Need.REQUIRED, "ARN of an SNS topic it publishes to"),
    SQS_QUEUE_URL(
        "SAC4CPS_SQS_QUEUE_URLS_",
        Need.REQUIRED,
        "URL of an SQS queue it sends to: an outbox destination or its Kafka consumer's DLQ"),
    BUCKET_NAME("SAC4CPS_S3_BUCKETS_", Need.REQUIRED, "name of a bucket it reads and writes"),
    WEBSOCKET_CALLBACK_URL(
        "SAC4CPS_WEBSOCKET_CALLBACK_URL",
        Need.REQUIRED,
        "the WebSocket API's @connections endpoint it pushes to"),
    SIGNING_KEY(
        "SAC4CPS_IDENTITY_SIGNING_KEY", Need.ONE_OF, "the private JWK it signs tokens with"),
    SIGNING_KEY_SECRET_ID(
        "SAC4CPS_IDENTITY_SIGNING_KEY_SECRET_ID",
        Need.ONE_OF,
        "the secret holding that JWK, read through the secrets extension"),
    SECRETS_EXTENSION_URL(
        "SAC4CPS_SECRETS_EXTENSION_URL",
        Need.OPTIONAL,
        "where secrets are read when not from the Lambda layer's extension (the local key store)"),
    CORS_ALLOWED_ORIGINS(
        "SAC4CPS_CORS_ALLOWED_ORIGINS", Need.OPTIONAL, "origins browsers may call it from");

    private final String name;
    private final Need need;
    private final String description;

    Meaning(String name, Need need, String description) {
      this.name = name;
      this.need = need;
      this.description = description;
    }

    public Need need() {
      return need;
    }

    public String description() {
      return description;
    }

    /** The alternatives of a {@link Need#ONE_OF} variable: one group, the signing key. */
    public Optional<String> group() {
      return need == Need.ONE_OF ? Optional.of("signing key") : Optional.empty();
    }

    /** Its variable's name; one per subject (topic, queue, bucket) where the name ends in _. */
    String variableName(Optional<String> subject) {
      return subject.map(s -> name + environmentName(s)).orElse(name);
    }
  }

  /**
   * One variable.
   *
   * @param subject the topic, queue or bucket (its wiring name) it is about, if any
   * @param handler the only handler whose Lambda gets it; empty: every Lambda of the module
   */
  public record Variable(
      String name, Meaning meaning, Optional<String> subject, Optional<String> handler) {

    public boolean forHandler(String handlerClass) {
      return handler.map(handlerClass::equals).orElse(true);
    }
  }

  private final FunctionDefinition function;
  private final List<Variable> variables;

  private FunctionEnvironment(FunctionDefinition function, List<Variable> variables) {
    this.function = function;
    this.variables = List.copyOf(variables);
  }

  /** The environment of {@code function} as {@code wiring} joins it to the rest. */
  public static FunctionEnvironment of(Wiring wiring, String function) {
    FunctionDefinition definition =
        wiring
            .function(function)
            .orElseThrow(() -> new IllegalArgumentException("no function " + function));
    List<Variable> variables = new ArrayList<>();
    Builder add = new Builder(variables);
    add.all(Meaning.STAGE);
    add.all(Meaning.TOKEN_JWKS);
    add.all(Meaning.TOKEN_JWKS_URL);
    add.all(Meaning.TOKEN_ISSUER);
    add.all(Meaning.TOKEN_AUDIENCE);
    if (definition.ownsSchema()) {
      add.all(Meaning.DATABASE_URL);
      add.all(Meaning.DATABASE_USERNAME);
      add.all(Meaning.DATABASE_IAM_AUTHENTICATION);
      add.all(Meaning.DATABASE_PASSWORD);
      add.all(Meaning.MIGRATE_ON_START);
    }
    // Consumers need no client settings: their event-source mapping reads Kafka for them.
    if (wiring.kafkaTopics().stream().anyMatch(t -> t.producers().contains(function))) {
      add.all(Meaning.KAFKA_BOOTSTRAP_SERVERS);
      add.all(Meaning.KAFKA_SECURITY_PROTOCOL);
      add.all(Meaning.KAFKA_SASL_MECHANISM);
      add.all(Meaning.KAFKA_SASL_JAAS_CONFIG);
      add.all(Meaning.KAFKA_SASL_CALLBACK_HANDLER);
    }
    wiring.topics().stream()
        .filter(t -> t.producers().contains(function))
        .forEach(t -> add.about(Meaning.SNS_TOPIC_ARN, t.name(), Optional.empty()));
    wiring.queues().stream()
        .filter(q -> q.producers().contains(function))
        .forEach(q -> add.about(Meaning.SQS_QUEUE_URL, q.name(), Optional.empty()));
    // An SQS consumer sends poison straight to its queue's DLQ, with the reason (SqsEventConsumer,
    // TaskWork), rather than waiting for maxReceiveCount.
    wiring.queues().stream()
        .filter(
            q ->
                q.consumer().filter(c -> c.function().equals(function) && !c.planned()).isPresent())
        .forEach(
            q ->
                add.about(
                    Meaning.SQS_QUEUE_URL,
                    q.name() + "-dlq",
                    Optional.of(q.consumer().orElseThrow().handler())));
    for (KafkaTopic topic : wiring.kafkaTopics()) {
      topic.consumers().stream()
          .filter(c -> c.function().equals(function) && !c.planned())
          .forEach(c -> add.about(Meaning.SQS_QUEUE_URL, c.dlq(), Optional.of(c.handler())));
    }
    wiring.buckets().stream()
        .filter(b -> b.users().contains(function))
        .forEach(b -> add.about(Meaning.BUCKET_NAME, b.name(), Optional.empty()));
    if (definition.webSocketHandler().isPresent()) {
      add.all(Meaning.WEBSOCKET_CALLBACK_URL);
    }
    if (definition.role() == Role.TOKEN_ISSUER) {
      Optional<String> http = Optional.of(definition.handler());
      add.only(Meaning.SIGNING_KEY, http);
      add.only(Meaning.SIGNING_KEY_SECRET_ID, http);
      add.only(Meaning.SECRETS_EXTENSION_URL, http);
      add.only(Meaning.CORS_ALLOWED_ORIGINS, http);
    }
    return new FunctionEnvironment(definition, variables);
  }

  public FunctionDefinition function() {
    return function;
  }

  /** Every variable of the module: what one process running all its handlers gets. */
  public List<Variable> variables() {
    return variables;
  }

  /** The variables of the Lambda that runs {@code handler}. */
  public List<Variable> variables(String handler) {
    return variables.stream().filter(v -> v.forHandler(handler)).toList();
  }

  /**
   * Names and values of {@code variables}, from {@code values} (null: not set in this environment).
   *
   * @throws IllegalStateException when a required variable has no value, or not exactly one of a
   *     group has one
   */
  public Map<String, String> resolve(List<Variable> variables, Function<Variable, String> values) {
    Map<String, String> environment = new LinkedHashMap<>();
    Map<String, List<String>> groups = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (Variable variable : variables) {
      String value = values.apply(variable);
      variable.meaning().group().ifPresent(g -> groups.putIfAbsent(g, new ArrayList<>()));
      if (value != null) {
        environment.put(variable.name(), value);
        variable.meaning().group().ifPresent(g -> groups.get(g).add(variable.name()));
      } else if (variable.meaning().need() == Need.REQUIRED) {
        missing.add(variable.name() + " (" + variable.meaning().description() + ")");
      }
    }
    groups.forEach(
        (group, set) -> {
          if (set.size() != 1) {
            missing.add("exactly one variable for the " + group + ", not " + set);
          }
        });
    if (!missing.isEmpty()) {
      throw new IllegalStateException(function.name() + " lacks " + String.join(", ", missing));
    }
    return environment;
  }

  /**
   * Whether a variable name is one this description owns (so an environment may not set it unless
   * described): the application's own settings, not the runtime's ({@code AWS_*}, {@code
   * JAVA_TOOL_OPTIONS}, …).
   */
  public static boolean isApplicationSetting(String name) {
    return name.startsWith("SAC4CPS_")
        || name.startsWith("DATASOURCES_")
        || name.startsWith("FLYWAY_")
        || name.startsWith("KAFKA_");
  }

  /** {@code identity-events} → {@code IDENTITY_EVENTS}: Micronaut maps it back to the property. */
  public static String environmentName(String name) {
    return name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  private record Builder(List<Variable> variables) {
    void all(Meaning meaning) {
      only(meaning, Optional.empty());
    }

    void only(Meaning meaning, Optional<String> handler) {
      variables.add(
          new Variable(meaning.variableName(Optional.empty()), meaning, Optional.empty(), handler));
    }

    void about(Meaning meaning, String subject, Optional<String> handler) {
      Optional<String> about = Optional.of(subject);
      variables.add(new Variable(meaning.variableName(about), meaning, about, handler));
    }
  }
}
