package io.sac4cps.platform.database;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * With {@value #PROPERTY} true (every function in AWS), the pool signs in as the function's
 * database role with IAM tokens ({@link IamTokenDataSource}) through the RDS Proxy, which checks
 * them; the function's configuration holds no password (decision 0051). The credentials are the
 * Lambda's own, from its environment.
 */
@Singleton
@Requires(property = IamDatabaseAuthentication.PROPERTY, value = "true")
class IamDatabaseAuthentication implements BeanCreatedEventListener<DatasourceConfiguration> {

  static final String PROPERTY = "sac4cps.database.iam-authentication";

  @Override
  public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
    DatasourceConfiguration configuration = event.getBean();
    if (configuration.getPassword() != null && !configuration.getPassword().isEmpty()) {
      throw new IllegalStateException(
          "datasource "
              + configuration.getName()
              + " signs in with IAM tokens: it must not be given a password");
    }
    DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    configuration.setDataSource(
        new IamTokenDataSource(
            configuration.getUrl(),
            configuration.getUsername(),
            DefaultAwsRegionProviderChain.builder().build().getRegion().id(),
            credentials::resolveCredentials,
            Clock.systemUTC()));
    return configuration;
  }
}
