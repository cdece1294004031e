package io.sac4cps.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.contracts.wiring.FunctionDefinition;
import io.sac4cps.contracts.wiring.FunctionEnvironment;
import io.sac4cps.contracts.wiring.FunctionEnvironment.Meaning;
import io.sac4cps.contracts.wiring.FunctionEnvironment.Need;
import io.sac4cps.contracts.wiring.FunctionEnvironment.Variable;
import io.sac4cps.contracts.wiring.SnsTopic;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.embedded.PostgresDatabase;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The local stack gives each function exactly the variables contracts' FunctionEnvironment
 * describes, as CDK does in AWS (PlatformStackTest checks the CDK side against the same
 * description): every required one, the signing key itself rather than a secret, nothing
 * undescribed but the local health probes' tolerances.
 */
class LocalFunctionVariablesTest {

  static final Wiring WIRING = Wiring.load(Path.of("../contracts/wiring.yaml"));

  final List<String> databasesCreated = new ArrayList<>();

  final LocalFunctionVariables variables =
      new LocalFunctionVariables(
          WIRING,
          name -> {
            databasesCreated.add(name);
            return new PostgresDatabase(name, "jdbc:postgresql://localhost:5432/" + name, name, "");
          },
          "localhost:9092",
          URI.create("http://localhost:9324"),
          URI.create("http://localhost:9911"),
          URI.create("http://localhost:9922"),
          WIRING.allQueueNames().stream()
              .collect(Collectors.toMap(Function.identity(), q -> "http://localhost:9324/q/" + q)),
          WIRING.topics().stream()
              .collect(
                  Collectors.toMap(
                      SnsTopic::name, t -> "arn:aws:sns:us-east-1:000000000000:" + t.name())),
          "http://127.0.0.1:4566",
          "127.0.0.1:2525");

  @Test
  void everyFunctionGetsTheDescribedVariablesWithLocalValues() {
    for (FunctionDefinition function : WIRING.activeFunctions()) {
      Map<String, String> env = variables.of(function.name(), "{\"keys\":[]}", "{\"kty\":\"RSA\"}");

      List<String> expected =
          FunctionEnvironment.of(WIRING, function.name()).variables().stream()
              // Locally the keys from the local key store, the JWKS through the gateway, and the
              // role's password rather than IAM tokens.
              .filter(
                  v ->
                      v.meaning().need() == Need.REQUIRED
                          || v.meaning() == Meaning.SIGNING_KEY_SECRET_ID
                          || v.meaning() == Meaning.SECRETS_EXTENSION_URL
                          || v.meaning() == Meaning.TOKEN_JWKS_URL
                          || v.meaning() == Meaning.DATABASE_PASSWORD)
              .map(Variable::name)
              .collect(Collectors.toCollection(ArrayList::new));
      expected.addAll(LocalFunctionVariables.HEALTH_TOLERANCES.keySet());
      assertThat(env.keySet().stream().filter(FunctionEnvironment::isApplicationSetting))
          .as(function.name())
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(env).as(function.name()).containsEntry("SAC4CPS_STAGE", "local");
    }
  }

  @Test
  void valuesPointAtTheLocalServicesAndOnlySchemaOwnersGetADatabase() {
    Map<String, String> rooms = variables.of("rooms", "{}", "key");
    assertThat(rooms)
        .containsEntry("DATASOURCES_DEFAULT_URL", "jdbc:postgresql://localhost:5432/rooms")
        .containsEntry("FLYWAY_DATASOURCES_DEFAULT_ENABLED", "true")
        .containsEntry("SAC4CPS_SNS_TOPIC_ARNS_ALERTS", "arn:aws:sns:us-east-1:000000000000:alerts")
        .containsEntry(
            "SAC4CPS_SQS_QUEUE_URLS_ROOMS_SENSOR_READINGS_DLQ",
            "http://localhost:9324/q/rooms-sensor-readings-dlq")
        .containsEntry("SAC4CPS_SECURITY_ISSUER", "https://identity.sac4cps.local")
        .containsEntry("SAC4CPS_SECURITY_AUDIENCE", "sac4cps-api")
        .containsEntry("SAC4CPS_SECURITY_JWKS_URL", "http://127.0.0.1:4566/.well-known/jwks.json")
        .containsEntry("AWS_SERVICES_SQS_ENDPOINT_OVERRIDE", "http://localhost:9324");
    assertThat(variables.of("sensors", "{}", "key"))
        .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
        .doesNotContainKey("KAFKA_SECURITY_PROTOCOL");
    assertThat(variables.of("identity", "{}", "http://127.0.0.1:2773"))
        .containsEntry("SAC4CPS_IDENTITY_SIGNING_KEY_SECRET_ID", "local/identity-signing-keys")
        .containsEntry("SAC4CPS_SECRETS_EXTENSION_URL", "http://127.0.0.1:2773")
        .doesNotContainKey("SAC4CPS_IDENTITY_SIGNING_KEY");

    variables.of("authorizer", "{}", "key");
    assertThat(databasesCreated).containsExactly("rooms", "sensors", "identity");
  }
}
