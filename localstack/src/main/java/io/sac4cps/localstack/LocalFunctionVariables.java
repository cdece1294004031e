package io.sac4cps.localstack;

import io.sac4cps.contracts.api.Tokens;
import io.sac4cps.contracts.wiring.FunctionEnvironment;
import io.sac4cps.contracts.wiring.FunctionEnvironment.Variable;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.embedded.LocalAwsAccount;
import io.sac4cps.embedded.PostgresDatabase;
import io.sac4cps.localstack.security.LocalSigningKey;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The variables of contracts' {@link FunctionEnvironment} with the local stack's values (the same
 * names CDK sets in AWS), plus what the Lambda runtime would provide: the local AWS account and the
 * endpoints of its SQS, SNS and S3 (path-style, as local S3 servers need). One process runs every
 * handler of a module, so it gets the variables of all of them.
 *
 * @param databases creates the database of a function that owns a schema, by function name
 * @param queueUrls SQS queue URLs by name, as provisioned from the wiring
 * @param topicArns SNS topic ARNs by name, as provisioned from the wiring
 * @param webSocketCallbackUrl the local WebSocket API's {@code @connections} endpoint
 * @param smtp the SMTP server email goes to, as {@code host:port}
 */
record LocalFunctionVariables(
    Wiring wiring,
    Function<String, PostgresDatabase> databases,
    String kafkaBootstrapServers,
    URI sqsEndpoint,
    URI snsEndpoint,
    URI s3Endpoint,
    Map<String, String> queueUrls,
    Map<String, String> topicArns,
    String webSocketCallbackUrl,
    String smtp) {

  static final String STAGE = "local";

  /**
   * The only application settings the local stack adds to the described ones: its stand-ins share
   * this machine's cores with every function and often with a build, so a probe slower than AWS's 1
   * s (decision 0073) is not a degraded dependency here.
   */
  static final Map<String, String> HEALTH_TOLERANCES =
      Map.of("SAC4CPS_HEALTH_SLOW_AFTER", "5s", "SAC4CPS_HEALTH_PROBE_TIMEOUT", "5s");

  /**
   * The environment of {@code function}, trusting {@code jwks}; {@code keyStore} is where the token
   * issuer reads its signing keys ({@code LocalSigningKey#storeUrl}).
   */
  Map<String, String> of(String function, String jwks, String keyStore) {
    FunctionEnvironment environment = FunctionEnvironment.of(wiring, function);
    Map<String, PostgresDatabase> database = new HashMap<>();
    Map<String, String> env =
        new HashMap<>(
            environment.resolve(
                environment.variables(),
                v ->
                    value(v, jwks, keyStore, () -> database.computeIfAbsent(function, databases))));
    env.put("AWS_REGION", LocalAwsAccount.REGION);
    env.put("AWS_DEFAULT_REGION", LocalAwsAccount.REGION);
    env.put("AWS_ACCESS_KEY_ID", LocalAwsAccount.ACCESS_KEY_ID);
    env.put("AWS_SECRET_ACCESS_KEY", LocalAwsAccount.SECRET_KEY);
    env.put("AWS_SECRET_KEY", LocalAwsAccount.SECRET_KEY);
    env.put("AWS_SERVICES_SQS_ENDPOINT_OVERRIDE", sqsEndpoint.toString());
    env.put("AWS_SERVICES_SNS_ENDPOINT_OVERRIDE", snsEndpoint.toString());
    env.put("AWS_SERVICES_S3_ENDPOINT_OVERRIDE", s3Endpoint.toString());
    // Like the endpoint overrides: email goes to GreenMail over SMTP, not to SES.
    env.put("AWS_SERVICES_SES_SMTP_HOST", smtp.substring(0, smtp.lastIndexOf(':')));
    env.put("AWS_SERVICES_SES_SMTP_PORT", smtp.substring(smtp.lastIndexOf(':') + 1));
    env.put("AWS_SERVICES_S3_PATH_STYLE_ACCESS_ENABLED", "true");
    // Like the ADOT layer's OTEL_* in AWS, the runtime's: spans to the gateway's trace collector
    // (GET /_local/traces?traceId=), exported often.
    env.put("TELEMETRY_COLLECTOR_URL", webSocketCallbackUrl + "/_local/spans");
    env.put("TELEMETRY_EXPORT_DELAY", "200ms");
    // Not in AWS: a copy of every EMF line for the local metrics view (GET /_local/metrics).
    env.put("TELEMETRY_METRICS_COLLECTOR_URL", webSocketCallbackUrl + "/_local/metrics");
    env.putAll(HEALTH_TOLERANCES);
    return env;
  }

  /** The local value of {@code variable}; null where the local stack does not set it. */
  private String value(
      Variable variable, String jwks, String keyStore, Supplier<PostgresDatabase> database) {
    return switch (variable.meaning()) {
      case STAGE -> STAGE;
      case TOKEN_JWKS -> jwks;
      // identity's JWKS through the gateway, which shares the port with @connections.
      case TOKEN_JWKS_URL -> webSocketCallbackUrl + "/.well-known/jwks.json";
      case TOKEN_ISSUER -> Tokens.LOCAL_ISSUER;
      case TOKEN_AUDIENCE -> Tokens.AUDIENCE;
      case DATABASE_URL -> database.get().jdbcUrl();
      case DATABASE_USERNAME -> database.get().username();
      case DATABASE_PASSWORD -> database.get().password();
      case MIGRATE_ON_START -> "true";
      case KAFKA_BOOTSTRAP_SERVERS -> kafkaBootstrapServers;
      // A plaintext broker, passwords instead of IAM tokens, no CORS in the function (the local
      // gateway answers it), the signing keys from the local key store rather than the
      // environment.
      case KAFKA_SECURITY_PROTOCOL,
          KAFKA_SASL_MECHANISM,
          KAFKA_SASL_JAAS_CONFIG,
          KAFKA_SASL_CALLBACK_HANDLER,
          DATABASE_IAM_AUTHENTICATION,
          CORS_ALLOWED_ORIGINS,
          SIGNING_KEY ->
          null;
      case SNS_TOPIC_ARN -> known(topicArns, variable);
      case SQS_QUEUE_URL -> known(queueUrls, variable);
      // Buckets are named locally as in the wiring.
      case BUCKET_NAME -> variable.subject().orElseThrow();
      case WEBSOCKET_CALLBACK_URL -> webSocketCallbackUrl;
      case SIGNING_KEY_SECRET_ID -> LocalSigningKey.SECRET_ID;
      case SECRETS_EXTENSION_URL -> keyStore;
    };
  }

  private static String known(Map<String, String> provisioned, Variable variable) {
    String name = variable.subject().orElseThrow();
    String value = provisioned.get(name);
    if (value == null) {
      throw new IllegalStateException(variable.name() + ": " + name + " was not provisioned");
    }
    return value;
  }
}
