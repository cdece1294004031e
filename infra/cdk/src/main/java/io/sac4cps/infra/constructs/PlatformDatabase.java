package io.sac4cps.infra.constructs;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.BackupProps;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.DatabaseProxy;
import software.amazon.awscdk.services.rds.DatabaseProxyOptions;
import software.amazon.awscdk.services.rds.DefaultAuthScheme;
import software.amazon.awscdk.services.rds.IClusterInstance;
import software.amazon.awscdk.services.rds.RotationSingleUserOptions;
import software.amazon.awscdk.services.rds.ServerlessV2ClusterInstanceProps;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * Aurora PostgreSQL Serverless v2 in isolated subnets (never public), its generated admin secret in
 * Secrets Manager (rotated every 30 days, used by the migration step only), and an RDS Proxy (TLS
 * and IAM authentication required) that functions connect through so that thousands of short-lived
 * Lambda environments share a few database connections. Each function owns one schema of the one
 * database, as its own role (decisions 0050, 0051).
 */
public final class PlatformDatabase extends Construct {

  public static final int PORT = 5432;

  private final String databaseName;
  private final DatabaseCluster cluster;
  private final DatabaseProxy proxy;
  private final SecurityGroup proxySecurityGroup;
  private final Role proxyRole;

  private PlatformDatabase(Construct scope, String id, Builder props) {
    super(scope, id);
    this.databaseName = props.databaseName;
    List<IClusterInstance> readers =
        IntStream.range(0, props.readers)
            .mapToObj(
                i ->
                    ClusterInstance.serverlessV2(
                        "Reader" + (i + 1),
                        ServerlessV2ClusterInstanceProps.builder()
                            .scaleWithWriter(true)
                            .publiclyAccessible(false)
                            .build()))
            .toList();
    this.cluster =
        DatabaseCluster.Builder.create(this, "Cluster")
            .engine(
                DatabaseClusterEngine.auroraPostgres(
                    AuroraPostgresClusterEngineProps.builder()
                        .version(AuroraPostgresEngineVersion.VER_16_6)
                        .build()))
            .credentials(Credentials.fromGeneratedSecret("sac4cps_admin"))
            .defaultDatabaseName(databaseName)
            // The rooms consumer holds an advisory lock per room a batch touches (decision 0070):
            // room in the shared lock table for several 2,000-room batches at once.
            .parameters(Map.of("max_locks_per_transaction", "1024"))
            .writer(
                ClusterInstance.serverlessV2(
                    "Writer",
                    ServerlessV2ClusterInstanceProps.builder().publiclyAccessible(false).build()))
            .readers(readers)
            .serverlessV2MinCapacity(props.minCapacity)
            .serverlessV2MaxCapacity(props.maxCapacity)
            .vpc(props.vpc)
            .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
            .storageEncrypted(true)
            // Function roles sign in with IAM tokens, end to end through the proxy (decision 0051).
            .iamAuthentication(true)
            .deletionProtection(props.deletionProtection)
            .removalPolicy(props.removalPolicy)
            .backup(BackupProps.builder().retention(Duration.days(props.backupDays)).build())
            .cloudwatchLogsExports(List.of("postgresql"))
            .cloudwatchLogsRetention(props.logRetention)
            .build();
    if (!props.deletionProtection) {
      Findings.accept(
          cluster,
          "AwsSolutions-RDS10",
          "a disposable stage (dev): deletion protection is on where data is kept (prod)");
    }
    this.proxySecurityGroup =
        SecurityGroup.Builder.create(this, "ProxySecurityGroup")
            .vpc(props.vpc)
            .description("RDS Proxy: functions connect here")
            .allowAllOutbound(true)
            .build();
    // Only the migration step uses the admin secret, and reads it at each run; functions sign in
    // with IAM tokens, so a rotation breaks nothing.
    cluster.addRotationSingleUser(
        RotationSingleUserOptions.builder()
            .automaticallyAfter(Duration.days(30))
            .vpcSubnets(
                SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
            // A database client like the proxy: its group, which the cluster already admits (one
            // group and rule fewer in a stack at CloudFormation's 500-resource limit).
            .securityGroup(proxySecurityGroup)
            .build());
    // The proxy signs in to Aurora with IAM as each function's role (granted in grantConnect).
    this.proxyRole =
        Role.Builder.create(this, "ProxyRole")
            .assumedBy(new ServicePrincipal("rds.amazonaws.com"))
            .description("RDS Proxy: signs in to Aurora as the function roles, with IAM")
            .build();
    this.proxy =
        cluster.addProxy(
            "Proxy",
            DatabaseProxyOptions.builder()
                .vpc(props.vpc)
                .vpcSubnets(
                    SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                // Clients sign in with IAM tokens, and the proxy signs in to the database with IAM
                // as the same role: no database password behind the proxy either.
                .iamAuth(true)
                .defaultAuthScheme(DefaultAuthScheme.IAM_AUTH)
                .role(proxyRole)
                .securityGroups(List.of(proxySecurityGroup))
                .requireTls(true)
                .build());
  }

  public static Builder builder(Construct scope, String id) {
    return new Builder(scope, id);
  }

  public DatabaseCluster getCluster() {
    return cluster;
  }

  public DatabaseProxy getProxy() {
    return proxy;
  }

  /** The generated admin secret (JSON with username, password, host, port, dbname). */
  public ISecret getAdminSecret() {
    return Objects.requireNonNull(cluster.getSecret());
  }

  public String getDatabaseName() {
    return databaseName;
  }

  /** JDBC URL through the proxy with {@code schema} as the search path (what functions use). */
  public String proxyJdbcUrl(String schema) {
    return jdbcUrl(proxy.getEndpoint(), schema);
  }

  /** JDBC URL of the writer, for migrations: DDL should not go through the proxy's pooling. */
  public String writerJdbcUrl(String schema) {
    return jdbcUrl(cluster.getClusterEndpoint().getHostname(), schema);
  }

  /**
   * Lets {@code grantee} sign in through the proxy as database role {@code role} ({@code
   * rds-db:connect} on that user only).
   */
  public void grantConnect(IGrantable grantee, String role) {
    proxy.grantConnect(grantee, role);
    cluster.grantConnect(proxyRole, role);
  }

  /** Lets functions in {@code client} reach the proxy. */
  public void allowFunctions(ISecurityGroup client) {
    proxySecurityGroup.addIngressRule(client, Port.tcp(PORT), "functions to the RDS Proxy");
  }

  /** Lets a migration step in {@code client} reach the writer directly. */
  public void allowMigrations(ISecurityGroup client) {
    cluster.getConnections().allowDefaultPortFrom(client, "schema migrations to the writer");
  }

  private String jdbcUrl(String host, String schema) {
    return "jdbc:postgresql://"
        + host
        + ":"
        + PORT
        + "/"
        + databaseName
        + "?currentSchema="
        + schema
        + "&sslmode=require";
  }

  /** Props builder; {@link #build()} validates before creating anything. */
  public static final class Builder {
    private final Construct scope;
    private final String id;
    private IVpc vpc;
    private String databaseName = "sac4cps";
    private double minCapacity = 0.5;
    private double maxCapacity = 4;
    private int readers;
    private boolean deletionProtection;
    private RemovalPolicy removalPolicy = RemovalPolicy.SNAPSHOT;
    private int backupDays = 7;
    private RetentionDays logRetention = RetentionDays.ONE_MONTH;

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    public Builder vpc(IVpc vpc) {
      this.vpc = vpc;
      return this;
    }

    public Builder databaseName(String databaseName) {
      this.databaseName = databaseName;
      return this;
    }

    /** Aurora capacity units (ACU) the cluster scales between. */
    public Builder capacity(double minCapacity, double maxCapacity) {
      this.minCapacity = minCapacity;
      this.maxCapacity = maxCapacity;
      return this;
    }

    public Builder readers(int readers) {
      this.readers = readers;
      return this;
    }

    public Builder deletionProtection(boolean deletionProtection) {
      this.deletionProtection = deletionProtection;
      return this;
    }

    public Builder removalPolicy(RemovalPolicy removalPolicy) {
      this.removalPolicy = removalPolicy;
      return this;
    }

    public Builder backupDays(int backupDays) {
      this.backupDays = backupDays;
      return this;
    }

    public Builder logRetention(RetentionDays logRetention) {
      this.logRetention = logRetention;
      return this;
    }

    public PlatformDatabase build() {
      if (vpc == null) {
        throw new IllegalArgumentException("vpc is required");
      }
      if (databaseName == null || !databaseName.matches("[a-z][a-z0-9_]{0,62}")) {
        throw new IllegalArgumentException("databaseName must be a lower-case identifier");
      }
      // Aurora Serverless v2's range is 0..256 ACU in steps of 0.5.
      if (minCapacity < 0 || maxCapacity > 256 || minCapacity > maxCapacity) {
        throw new IllegalArgumentException(
            "capacity must satisfy 0 <= min <= max <= 256, was "
                + minCapacity
                + ".."
                + maxCapacity);
      }
      if (readers < 0 || readers > 15) {
        throw new IllegalArgumentException("readers must be 0..15");
      }
      if (backupDays < 1 || backupDays > 35) {
        throw new IllegalArgumentException("backupDays must be 1..35");
      }
      return new PlatformDatabase(scope, id, this);
    }
  }
}
