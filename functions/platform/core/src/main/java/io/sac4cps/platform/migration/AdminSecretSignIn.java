package io.sac4cps.platform.migration;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.sac4cps.platform.secrets.SecretsExtension;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The migration step signs in as the database admin with the name and password it reads from the
 * admin's secret when it starts ({@value #PROPERTY}), never from its configuration: Secrets Manager
 * rotates that secret, and the next deploy's migration reads the new one (decision 0051).
 */
@Singleton
@Requires(property = AdminSecretSignIn.PROPERTY)
class AdminSecretSignIn implements BeanCreatedEventListener<DatasourceConfiguration> {

  static final String PROPERTY = "sac4cps.database.admin-secret-id";

  private final String secretId;
  private final Provider<SecretsExtension> secrets;
  private final JsonMapper json;

  AdminSecretSignIn(
      @Property(name = PROPERTY) String secretId,
      Provider<SecretsExtension> secrets,
      JsonMapper json) {
    this.secretId = secretId;
    this.secrets = secrets;
    this.json = json;
  }

  @Override
  public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
    DatasourceConfiguration configuration = event.getBean();
    try {
      JsonNode secret =
          json.readValue(
              secrets.get().secretString(secretId).getBytes(StandardCharsets.UTF_8),
              JsonNode.class);
      configuration.setUsername(field(secret, "username"));
      configuration.setPassword(field(secret, "password"));
    } catch (IOException e) {
      throw new UncheckedIOException("secret " + secretId + " is not JSON", e);
    }
    return configuration;
  }

  private String field(JsonNode secret, String name) {
    JsonNode value = secret.get(name);
    if (value == null || !value.isString()) {
      throw new IllegalStateException("secret " + secretId + " has no " + name);
    }
    return value.getStringValue();
  }
}
