package io.sac4cps.localstack;

import static io.sac4cps.localstack.FunctionFleet.AUTHORIZER;
import static io.sac4cps.localstack.FunctionFleet.IDENTITY;

import io.sac4cps.embedded.LocalAwsAccount;
import io.sac4cps.embedded.PostgresDatabase;
import io.sac4cps.localstack.security.LocalSigningKey;
import io.sac4cps.localstack.services.BackingServices;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment each function of the local stack gets: what CDK sets in AWS, pointed at the local
 * services, with the keys of this run.
 */
final class FunctionEnvironment {
  private final BackingServices services;
  private final LocalSigningKey signingKey;
  private String jwks;

  FunctionEnvironment(BackingServices services, LocalSigningKey signingKey) {
    this.services = services;
    this.signingKey = signingKey;
    this.jwks = signingKey.publicJwks();
  }

  /** The keys functions started from now on trust: identity's, once it publishes them. */
  void trust(String jwks) {
    if (jwks != null) {
      this.jwks = jwks;
    }
  }

  /**
   * The environment variables a function gets, the ones CDK sets in AWS, pointed at the local
   * services; nothing else of this process reaches it.
   */
  Map<String, String> environmentOf(String function) {
    Map<String, String> env = new HashMap<>();
    env.put("SAC4CPS_SECURITY_JWKS", jwks);
    env.put("SAC4CPS_SECURITY_ISSUER", LocalSigningKey.ISSUER);
    env.put("SAC4CPS_SECURITY_AUDIENCE", LocalSigningKey.AUDIENCE);
    env.put("AWS_REGION", LocalAwsAccount.REGION);
    if (function.equals(AUTHORIZER)) {
      return env; // it verifies tokens and needs nothing else (no database, no broker)
    }
    PostgresDatabase database = services.createDatabase(function);
    env.put("DATASOURCES_DEFAULT_URL", database.jdbcUrl());
    env.put("DATASOURCES_DEFAULT_USERNAME", database.username());
    env.put("DATASOURCES_DEFAULT_PASSWORD", database.password());
    env.put("DATASOURCES_DEFAULT_DIALECT", "POSTGRES");
    env.put("KAFKA_BOOTSTRAP_SERVERS", services.kafkaBootstrapServers());
    env.put("AWS_DEFAULT_REGION", LocalAwsAccount.REGION);
    env.put("AWS_ACCESS_KEY_ID", LocalAwsAccount.ACCESS_KEY_ID);
    env.put("AWS_SECRET_ACCESS_KEY", LocalAwsAccount.SECRET_KEY);
    env.put("AWS_SECRET_KEY", LocalAwsAccount.SECRET_KEY);
    env.put("AWS_SERVICES_SQS_ENDPOINT_OVERRIDE", services.sqsEndpoint().toString());
    env.put("AWS_SERVICES_SNS_ENDPOINT_OVERRIDE", services.snsEndpoint().toString());
    // Topic ARNs are resolved by name (CreateTopic is idempotent) instead of one variable each.
    env.put("SAC4CPS_SNS_CREATE_TOPICS", "true");
    if (function.equals(IDENTITY)) {
      env.put("SAC4CPS_IDENTITY_SIGNING_KEY", signingKey.privateJwk());
    }
    return env;
  }
}
