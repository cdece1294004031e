package io.sac4cps.infra.constructs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsLayerVersion;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.triggers.Trigger;
import software.constructs.Construct;

/**
 * Runs a function's Flyway migrations once per deploy, before the function's new version goes live:
 * a CDK Trigger invokes {@value #HANDLER} from the function's own jar, connected to the writer as
 * the admin, which provisions the function's database role and migrates as it (decision 0050). A
 * failed migration fails the deployment, which rolls back.
 */
public final class SchemaMigration extends Construct {

  /** The migration handler every function jar carries (platform-core). */
  public static final String HANDLER = "io.sac4cps.platform.migration.MigrationHandler";

  /** Where the migration step finds the admin's secret (MigrationHandler reads it). */
  public static final String ADMIN_SECRET_ID = "SAC4CPS_DATABASE_ADMIN_SECRET_ID";

  private final MicronautFunction migration;
  private final Trigger trigger;

  private SchemaMigration(Construct scope, String id, Builder props) {
    super(scope, id);
    this.migration =
        MicronautFunction.builder(this, "Migration")
            .serviceName(props.schema + "-migration")
            .description("Flyway migrations of schema " + props.schema)
            .jar(props.jar)
            .handler(HANDLER)
            .memoryMb(1024)
            .timeoutSeconds(300)
            .snapStart(false)
            .vpc(props.vpc, props.securityGroup)
            .logRetention(props.logRetention)
            .logRemovalPolicy(props.logRemovalPolicy)
            .environment("DATASOURCES_DEFAULT_URL", props.database.writerJdbcUrl(props.schema))
            // The admin's name and password are read from the secret at each run (through the
            // secrets extension), never put into configuration, so its rotation breaks nothing.
            .environment(ADMIN_SECRET_ID, props.database.getAdminSecret().getSecretArn())
            .paramsAndSecrets(props.secretsExtension)
            // The handler migrates, as the function's role, after provisioning it; not Flyway's
            // startup hook, which would migrate as the admin.
            .environment("FLYWAY_DATASOURCES_DEFAULT_ENABLED", "false")
            .environment("FLYWAY_DATASOURCES_DEFAULT_SCHEMAS", props.schema)
            .environment("FLYWAY_DATASOURCES_DEFAULT_DEFAULT_SCHEMA", props.schema)
            .build();
    props.database.getAdminSecret().grantRead(migration.getAlias());
    props.database.allowMigrations(props.securityGroup);
    this.trigger =
        Trigger.Builder.create(this, "Trigger")
            .handler(migration.getFunction())
            .timeout(Duration.minutes(10))
            .executeAfter(List.of(props.database))
            .executeBefore(props.before)
            .build();
  }

  public static Builder builder(Construct scope, String id) {
    return new Builder(scope, id);
  }

  public MicronautFunction getMigration() {
    return migration;
  }

  public Trigger getTrigger() {
    return trigger;
  }

  /** Props builder; {@link #build()} validates before creating anything. */
  public static final class Builder {
    private final Construct scope;
    private final String id;
    private String schema;
    private Path jar;
    private PlatformDatabase database;
    private IVpc vpc;
    private ISecurityGroup securityGroup;
    private ParamsAndSecretsLayerVersion secretsExtension;
    private final List<Construct> before = new ArrayList<>();
    private RetentionDays logRetention = RetentionDays.ONE_MONTH;
    private RemovalPolicy logRemovalPolicy = RemovalPolicy.DESTROY;

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    /** The schema, named after the function that owns it. */
    public Builder schema(String schema) {
      this.schema = schema;
      return this;
    }

    /** The function's shaded jar, which carries its migrations and the handler. */
    public Builder jar(Path jar) {
      this.jar = jar;
      return this;
    }

    public Builder database(PlatformDatabase database) {
      this.database = database;
      return this;
    }

    /** The secrets extension the migration step reads the admin secret through. */
    public Builder secretsExtension(ParamsAndSecretsLayerVersion secretsExtension) {
      this.secretsExtension = secretsExtension;
      return this;
    }

    public Builder vpc(IVpc vpc, ISecurityGroup securityGroup) {
      this.vpc = vpc;
      this.securityGroup = securityGroup;
      return this;
    }

    /** Constructs (the function's Lambdas) that must deploy only after the migration ran. */
    public Builder before(Construct construct) {
      this.before.add(construct);
      return this;
    }

    public Builder logRetention(RetentionDays logRetention) {
      this.logRetention = logRetention;
      return this;
    }

    public Builder logRemovalPolicy(RemovalPolicy logRemovalPolicy) {
      this.logRemovalPolicy = logRemovalPolicy;
      return this;
    }

    public SchemaMigration build() {
      if (schema == null || !schema.matches("[a-z][a-z0-9_]{0,62}")) {
        throw new IllegalArgumentException("schema must be a lower-case identifier, was " + schema);
      }
      if (database == null || vpc == null || securityGroup == null || secretsExtension == null) {
        throw new IllegalArgumentException(
            schema + ": database, secretsExtension, vpc and securityGroup are required");
      }
      return new SchemaMigration(scope, id, this);
    }
  }
}
