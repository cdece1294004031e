package io.sac4cps.localstack.services;

import io.sac4cps.contracts.wiring.SchemaRole;
import io.sac4cps.embedded.EmbeddedKafkaBroker;
import io.sac4cps.embedded.EmbeddedMailServer;
import io.sac4cps.embedded.EmbeddedPostgresServer;
import io.sac4cps.embedded.EmbeddedS3Server;
import io.sac4cps.embedded.EmbeddedSqsServer;
import io.sac4cps.embedded.LocalAwsAccount;
import io.sac4cps.embedded.PostgresDatabase;
import io.sac4cps.embedded.PostgresServer;
import io.sac4cps.embedded.SnsStandIn;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * PostgreSQL, Kafka, SQS, SNS, S3 and SMTP for the local stack: embedded by default, or the
 * external server an environment variable names ({@link #POSTGRES_URL}, {@link
 * #KAFKA_BOOTSTRAP_SERVERS}, {@link #SQS_ENDPOINT}, {@link #SNS_ENDPOINT}, {@link #S3_ENDPOINT});
 * SMTP is always GreenMail, whose received mail the stack shows at {@code GET /_local/mail}. The
 * embedded PostgreSQL and Kafka keep their data in a directory across runs when given one; else it
 * goes with them.
 */
public final class BackingServices implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackingServices.class);

  public static final String POSTGRES_URL = PostgresServer.URL_VARIABLE;
  public static final String KAFKA_BOOTSTRAP_SERVERS = "SAC4CPS_KAFKA_BOOTSTRAP_SERVERS";
  public static final String SQS_ENDPOINT = "SAC4CPS_SQS_ENDPOINT";
  public static final String SNS_ENDPOINT = "SAC4CPS_SNS_ENDPOINT";
  public static final String S3_ENDPOINT = "SAC4CPS_S3_ENDPOINT";

  private final List<AutoCloseable> owned = new ArrayList<>();
  private final Map<String, String> kinds = new LinkedHashMap<>();
  private PostgresServer postgres;
  private EmbeddedPostgresServer keptPostgres;
  private PostgresDatabase probeDatabase;
  private String kafkaBootstrapServers;
  private Admin kafkaAdmin;
  private URI sqsEndpoint;
  private SqsClient sqs;
  private URI snsEndpoint;
  private SnsClient sns;
  private URI s3Endpoint;
  private S3Client s3;
  private EmbeddedMailServer mail;
  private SnsStandIn snsStandIn;

  private BackingServices() {}

  /**
   * Starts or connects to the five services; on failure stops what it started.
   *
   * @param dataDirectory where the embedded PostgreSQL ({@code postgres/}) and Kafka ({@code
   *     kafka/}) keep their data across runs; empty for throw-away data
   */
  public static BackingServices start(
      Map<String, String> environment, Optional<Path> dataDirectory) {
    BackingServices services = new BackingServices();
    try {
      services.startAll(environment, dataDirectory);
      return services;
    } catch (RuntimeException e) {
      services.close();
      throw e;
    }
  }

  private void startAll(Map<String, String> environment, Optional<Path> dataDirectory) {
    if (isSet(environment, POSTGRES_URL)) {
      postgres = PostgresServer.startOrConnect(environment);
      kinds.put("postgres", "external");
    } else {
      // Stopped by close(), in order, not by a shutdown hook of its own racing the functions'.
      EmbeddedPostgresServer embedded =
          EmbeddedPostgresServer.start(dataDirectory.map(d -> d.resolve("postgres")), false);
      postgres = embedded;
      keptPostgres = dataDirectory.isPresent() ? embedded : null;
      kinds.put("postgres", dataDirectory.isPresent() ? "embedded (kept data)" : "embedded");
    }
    owned.add(postgres);
    probeDatabase = createDatabase("localstack");

    if (isSet(environment, KAFKA_BOOTSTRAP_SERVERS)) {
      kafkaBootstrapServers = environment.get(KAFKA_BOOTSTRAP_SERVERS);
      kinds.put("kafka", "external");
    } else {
      EmbeddedKafkaBroker broker =
          dataDirectory
              .map(d -> EmbeddedKafkaBroker.startIn(d.resolve("kafka")))
              .orElseGet(EmbeddedKafkaBroker::startNew);
      owned.add(broker);
      kafkaBootstrapServers = broker.bootstrapServers();
      kinds.put("kafka", dataDirectory.isPresent() ? "embedded (kept data)" : "embedded");
    }
    kafkaAdmin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafkaBootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                30_000));
    owned.add(kafkaAdmin);

    if (isSet(environment, SQS_ENDPOINT)) {
      sqsEndpoint = URI.create(environment.get(SQS_ENDPOINT));
      kinds.put("sqs", "external");
    } else {
      EmbeddedSqsServer server = EmbeddedSqsServer.start();
      owned.add(server);
      sqsEndpoint = server.endpoint();
      kinds.put("sqs", "embedded (ElasticMQ)");
    }
    sqs = LocalAwsAccount.sqsClient(sqsEndpoint);
    owned.add(sqs);

    if (isSet(environment, SNS_ENDPOINT)) {
      snsEndpoint = URI.create(environment.get(SNS_ENDPOINT));
      kinds.put("sns", "external");
    } else {
      SnsStandIn standIn = SnsStandIn.start(sqsEndpoint);
      owned.add(standIn);
      snsStandIn = standIn;
      snsEndpoint = standIn.endpoint();
      kinds.put("sns", "embedded (stand-in)");
    }
    sns = LocalAwsAccount.snsClient(snsEndpoint);
    owned.add(sns);

    if (isSet(environment, S3_ENDPOINT)) {
      s3Endpoint = URI.create(environment.get(S3_ENDPOINT));
      kinds.put("s3", "external");
    } else {
      EmbeddedS3Server server = EmbeddedS3Server.start();
      owned.add(server);
      s3Endpoint = server.endpoint();
      kinds.put("s3", "embedded (S3Proxy)");
    }
    s3 = LocalAwsAccount.s3Client(s3Endpoint);
    owned.add(s3);

    mail = EmbeddedMailServer.start();
    owned.add(mail);
    kinds.put("smtp", "embedded (GreenMail)");
  }

  /** A new database for a function, each function owns one; with kept data, last run's. */
  public PostgresDatabase createDatabase(String name) {
    return keptPostgres != null
        ? keptPostgres.createDatabaseIfAbsent(name)
        : postgres.createDatabase(name);
  }

  /**
   * A function's database as the function signs in to it: as its {@link SchemaRole}, provisioned as
   * the migration step does in AWS (decision 0050), so it reaches its own schema only.
   */
  public PostgresDatabase functionDatabase(String function) {
    PostgresDatabase owner = createDatabase(function);
    SchemaRole role = new SchemaRole(function);
    owner.execute(role.provisioning(owner.name(), Optional.of(role.localPassword())));
    return owner.as(role.role(), role.localPassword());
  }

  public String kafkaBootstrapServers() {
    return kafkaBootstrapServers;
  }

  public Admin kafkaAdmin() {
    return kafkaAdmin;
  }

  public URI sqsEndpoint() {
    return sqsEndpoint;
  }

  public SqsClient sqs() {
    return sqs;
  }

  public URI snsEndpoint() {
    return snsEndpoint;
  }

  public SnsClient sns() {
    return sns;
  }

  /** For functions: {@code aws.services.s3.endpoint-override}, with path-style access. */
  public URI s3Endpoint() {
    return s3Endpoint;
  }

  public S3Client s3() {
    return s3;
  }

  /** The SMTP server functions send email to (SES's SMTP interface in AWS). */
  public EmbeddedMailServer mail() {
    return mail;
  }

  /** The embedded SNS stand-in (to pause it, as an outage), unless an external SNS is used. */
  public Optional<SnsStandIn> snsStandIn() {
    return Optional.ofNullable(snsStandIn);
  }

  /** The SMS published to phone numbers, when SNS is the embedded stand-in (else none). */
  public List<SnsStandIn.TextMessage> textMessages() {
    return snsStandIn == null ? List.of() : snsStandIn.textMessages();
  }

  /** "embedded" or "external", by service name. */
  public Map<String, String> kinds() {
    return Map.copyOf(kinds);
  }

  /** UP or DOWN per service, each checked with a short timeout. */
  public Map<String, String> health() {
    Map<String, String> health = new LinkedHashMap<>();
    health.put("postgres", check(this::checkPostgres));
    health.put("kafka", check(() -> kafkaAdmin.describeCluster().nodes().get(2, TimeUnit.SECONDS)));
    health.put("sqs", check(() -> sqs.listQueues()));
    health.put("sns", check(() -> sns.listTopics()));
    health.put("s3", check(s3::listBuckets));
    return health;
  }

  private void checkPostgres() throws SQLException {
    DriverManager.setLoginTimeout(2);
    try (Connection connection =
        DriverManager.getConnection(
            probeDatabase.jdbcUrl(), probeDatabase.username(), probeDatabase.password())) {
      if (!connection.isValid(2)) {
        throw new SQLException("connection not valid");
      }
    }
  }

  @FunctionalInterface
  private interface Check {
    void run() throws Exception;
  }

  private static String check(Check check) {
    try {
      check.run();
      return "UP";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "DOWN";
    } catch (Exception e) {
      LOG.debug("health check failed: {}", e.toString());
      return "DOWN";
    }
  }

  private static boolean isSet(Map<String, String> environment, String name) {
    String value = environment.get(name);
    return value != null && !value.isBlank();
  }

  /** Stops what was started here, newest first; external servers are left running. */
  @Override
  public void close() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      try {
        owned.get(i).close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed: {}", owned.get(i).getClass().getSimpleName(), e.toString());
      }
    }
    owned.clear();
  }
}
