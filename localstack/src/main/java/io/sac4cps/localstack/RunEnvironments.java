package io.sac4cps.localstack;

import io.sac4cps.localstack.security.LocalSigningKey;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment each function of this run gets: contracts' description filled with the local
 * values ({@link LocalFunctionVariables}) and the keys of this run, trusting identity's published
 * keys once it has started.
 */
final class RunEnvironments {
  private final LocalFunctionVariables variables;
  private final LocalSigningKey signingKey;
  private final Map<String, Map<String, String>> settings;
  private volatile String jwks;

  RunEnvironments(
      LocalFunctionVariables variables,
      LocalSigningKey signingKey,
      Map<String, Map<String, String>> settings) {
    this.variables = variables;
    this.signingKey = signingKey;
    this.settings = settings;
    this.jwks = signingKey.publicJwks();
  }

  /** The keys functions started from now on trust: identity's, once it publishes them. */
  void trust(String jwks) {
    if (jwks != null) {
      this.jwks = jwks;
    }
  }

  /**
   * The variables CDK sets in AWS, pointed at the local services, and the run's own settings of the
   * function ({@code LocalStack.Options.settings}); nothing else reaches it.
   */
  Map<String, String> environmentOf(String function) {
    Map<String, String> environment =
        new HashMap<>(variables.of(function, jwks, signingKey.storeUrl().toString()));
    environment.putAll(settings.getOrDefault(function, Map.of()));
    return environment;
  }
}
