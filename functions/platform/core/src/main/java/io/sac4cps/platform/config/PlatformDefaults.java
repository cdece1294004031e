package io.sac4cps.platform.config;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;
import io.micronaut.context.env.PropertySource;
import io.sac4cps.contracts.api.Tokens;
import java.util.List;
import java.util.Map;

/**
 * Configuration every function shares, applied below everything else: a function's application.yml,
 * environment variables and system properties all override it. Keeps the security and serialization
 * settings in one place instead of one copy per function.
 */
@ContextConfigurer
public class PlatformDefaults implements ApplicationContextConfigurer {

  public static final String ISSUER = "sac4cps.security.issuer";
  public static final String AUDIENCE = "sac4cps.security.audience";

  static final Map<String, Object> DEFAULTS =
      Map.ofEntries(
          Map.entry(ISSUER, Tokens.LOCAL_ISSUER),
          Map.entry(AUDIENCE, Tokens.AUDIENCE),
          Map.entry("micronaut.security.enabled", true),
          // Unknown routes answer 404, not 401/403: the security filter lets them reach routing.
          Map.entry("micronaut.security.reject-not-found", false),
          // The platform's own /health replaces the management endpoints (one route, no details).
          Map.entry("endpoints.all.enabled", false),
          Map.entry("micronaut.security.authentication", "bearer"),
          Map.entry("micronaut.security.token.jwt.claims-validators.issuer", "${" + ISSUER + "}"),
          Map.entry(
              "micronaut.security.token.jwt.claims-validators.audience", "${" + AUDIENCE + "}"),
          Map.entry("micronaut.security.token.roles-name", "roles"),
          // No HTTP client in a Lambda jar: keys come from configuration, never fetched.
          Map.entry(
              "micronaut.security.token.jwt.signatures.jwks-client.http-client.enabled", false),
          Map.entry("micronaut.serde.write-dates-as-timestamps", false),
          // Tokens come only from identity: no framework login, logout, OAuth, key or basic-auth
          // routes.
          Map.entry("micronaut.security.basic-auth.enabled", false),
          Map.entry("micronaut.security.endpoints.login.enabled", false),
          Map.entry("micronaut.security.endpoints.logout.enabled", false),
          Map.entry("micronaut.security.endpoints.oauth.enabled", false),
          Map.entry("micronaut.security.endpoints.keys.enabled", false),
          Map.entry("micronaut.security.endpoints.introspection.enabled", false),
          // CORS for browser clients: origins from SAC4CPS_CORS_ALLOWED_ORIGINS (none by default),
          // answered on preflight and on every response, errors included.
          Map.entry("micronaut.server.cors.enabled", true),
          Map.entry(
              "micronaut.server.cors.configurations.web.allowed-origins",
              "${sac4cps.cors.allowed-origins:}"),
          Map.entry(
              "micronaut.server.cors.configurations.web.allowed-methods",
              List.of("GET", "POST", "PUT", "DELETE", "OPTIONS")),
          Map.entry(
              "micronaut.server.cors.configurations.web.allowed-headers",
              List.of("Authorization", "Content-Type", "X-Correlation-Id")),
          Map.entry(
              "micronaut.server.cors.configurations.web.exposed-headers",
              List.of("Location", "Retry-After", "X-Request-Id", "X-Correlation-Id")),
          Map.entry("micronaut.server.cors.configurations.web.allow-credentials", false),
          Map.entry("micronaut.server.cors.configurations.web.max-age", 600),
          Map.entry("micronaut.server.max-request-size", "6MB"),
          Map.entry(
              "flyway.datasources.default.locations",
              "classpath:db/migration,classpath:db/platform"),
          // Platform migrations (db/platform, versions 0.n) interleave with a function's own: a new
          // one
          // applies below the function's latest version. The retired repeatable R__platform_tables
          // is
          // recorded in older databases: not an error (decision 0013).
          Map.entry("flyway.datasources.default.out-of-order", true),
          Map.entry(
              "flyway.datasources.default.ignore-migration-patterns",
              "*:future,repeatable:missing"),
          Map.entry("datasources.default.driver-class-name", "org.postgresql.Driver"),
          Map.entry("datasources.default.maximum-pool-size", 4),
          Map.entry("datasources.default.minimum-idle", 0),
          // With the database down a request fails within 2 s (503 with Retry-After) instead of
          // waiting Hikari's default 30 s for a connection (decision 0040).
          Map.entry("datasources.default.connection-timeout", 2000),
          // SnapStart: the pool is suspended and emptied before the snapshot (PooledConnections).
          Map.entry("datasources.default.allow-pool-suspension", true),
          // No client telemetry pushed to the brokers (KIP-714): metrics are EMF (decision 0049),
          // and it would cost every new producer ~60 classes and a request (decision 0068).
          Map.entry("kafka.enable.metrics.push", false));

  @Override
  public void configure(ApplicationContextBuilder builder) {
    // Lowest order: every other property source wins over these defaults.
    builder.propertySources(
        PropertySource.of("sac4cps-platform-defaults", DEFAULTS, Integer.MIN_VALUE + 100));
  }
}
