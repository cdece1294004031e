package io.sac4cps.platform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.sac4cps.contracts.wiring.SchemaRole;
import io.sac4cps.embedded.PostgresDatabase;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A function configured as in AWS (IAM authentication on, a role, no password) gets a pool that
 * opens connections with IAM tokens and signs in as its role. The embedded server trusts local
 * users, so the token itself is checked only by the proxy in AWS (RdsAuthenticationTokenTest checks
 * the request).
 */
@EmbeddedInfrastructure(services = Service.POSTGRES)
class IamDatabaseAuthenticationIT {

  @BeforeAll
  static void lambdaCredentials() {
    // What the Lambda runtime provides, read by the SDK's default providers.
    System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
    System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    System.setProperty("aws.region", "eu-central-1");
  }

  @AfterAll
  static void forgetCredentials() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    System.clearProperty("aws.region");
  }

  @Test
  void thePoolSignsInAsTheRoleWithAFreshTokenPerConnection(Infrastructure infrastructure)
      throws Exception {
    PostgresDatabase owner = infrastructure.database();
    SchemaRole role = new SchemaRole("iam_alpha");
    owner.execute(role.provisioning(owner.name(), Optional.empty()));

    try (ApplicationContext context = ApplicationContext.run(configuration(owner, role, null))) {
      DataSource pool = DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class));
      DataSource tokens = ((HikariDataSource) pool).getDataSource();
      assertThat(tokens).isInstanceOf(IamTokenDataSource.class);
      assertThat(((IamTokenDataSource) tokens).token())
          .contains("DBUser=iam_alpha")
          .contains("%2Feu-central-1%2Frds-db%2F");
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT current_user")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("iam_alpha");
      }
    }
  }

  @Test
  void aPasswordNextToIamAuthenticationIsRefusedAtStartup(Infrastructure infrastructure) {
    PostgresDatabase owner = infrastructure.database();
    SchemaRole role = new SchemaRole("iam_beta");
    owner.execute(role.provisioning(owner.name(), Optional.empty()));

    assertThatThrownBy(
            () -> {
              try (ApplicationContext context =
                  ApplicationContext.run(configuration(owner, role, "a-password"))) {
                context.getBean(DataSource.class).getConnection().close();
              }
            })
        .hasStackTraceContaining("must not be given a password");
  }

  private static Map<String, Object> configuration(
      PostgresDatabase owner, SchemaRole role, String password) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("datasources.default.url", owner.jdbcUrl());
    properties.put("datasources.default.username", role.role());
    if (password != null) {
      properties.put("datasources.default.password", password);
    }
    properties.put("sac4cps.database.iam-authentication", true);
    properties.put("flyway.datasources.default.enabled", false);
    return properties;
  }
}
