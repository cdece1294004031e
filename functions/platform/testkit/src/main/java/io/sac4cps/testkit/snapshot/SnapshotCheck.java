package io.sac4cps.testkit.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sac4cps.contracts.wiring.FunctionDefinition;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.embedded.PostgresDatabase;
import io.sac4cps.platform.http.ApiRequestFunction;
import io.sac4cps.platform.outbox.KafkaOutboxPublisher;
import io.sac4cps.platform.priming.FunctionSnapshotHooks;
import io.sac4cps.platform.priming.PooledConnections;
import io.sac4cps.platform.priming.PrimingRequests;
import io.sac4cps.platform.priming.StartupKafkaAdminClient;
import io.sac4cps.testkit.lambda.ApiFunction;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * Runs a function's SnapStart hooks as a checkpoint and restore would (decision 0022) and checks
 * what a snapshot taken between them would hold: every primer ran, through the Lambda handler the
 * wiring names (its header rule answers priming's requests; decision 0023), no database connection
 * is open, no Kafka producer started by priming is still running and the outbox's is closed
 * (decision 0009), no priming broker thread is left and micronaut-kafka's admin client is closed
 * (decision 0072), not one row of the function's schema changed (so no outbox row, no event), and
 * nothing was logged at WARN or above.
 */
public final class SnapshotCheck {
  private SnapshotCheck() {}

  /** Checkpoint, the checks, then restore: the function serves again afterwards. */
  public static void checkpointAndRestore(
      ApiFunction function, PostgresDatabase database, String schema) throws Exception {
    FunctionSnapshotHooks hooks = function.bean(FunctionSnapshotHooks.class);
    assertThat(hooks.hooks().primers())
        .as("the function's primer is registered")
        .anyMatch(name -> name.startsWith("io.sac4cps." + function.functionName() + "."));
    // Priming runs the entry point Lambda runs: the wired handler's header rule answers its
    // requests (Micronaut's own handler failed such a request with a 500).
    assertThat(Wiring.load().function(function.functionName()).map(FunctionDefinition::handler))
        .as("the wired Lambda handler")
        .contains(ApiRequestFunction.class.getName());
    assertThat(
            function
                .bean(PrimingRequests.class)
                .send("GET", "/health", null, "garbled\u0001")
                .expect(400)
                .body())
        .as("priming's answer to a header HTTP forbids")
        .contains("Authorization");
    Map<String, Long> before = rowCounts(database, schema);
    List<String> producersBefore = kafkaProducerThreads();
    List<String> adminsBefore = threadsNamed(KAFKA_ADMIN_THREAD);
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    try {
      hooks.hooks().beforeCheckpoint(null);
    } finally {
      root.detachAppender(logged);
    }
    assertThat(hooks.hooks().primingFailures()).as("every primer ran its paths").isEmpty();
    assertThat(function.bean(PooledConnections.class).openConnections())
        .as("open database connections at the checkpoint")
        .isZero();
    assertThat(kafkaProducerThreads())
        .as("Kafka producers running at the checkpoint")
        .isSubsetOf(producersBefore);
    // This function's own: other tests' functions in the same JVM may hold theirs.
    assertThat(function.bean(KafkaOutboxPublisher.class).holdsProducer())
        .as("the outbox's Kafka producer at the checkpoint, closed if a request had made one")
        .isFalse();
    assertThat(threadsNamed(PRIMING_BROKER_THREAD))
        .as("the priming broker's threads at the checkpoint")
        .isEmpty();
    // Other tests' functions in the same JVM keep theirs: this function's are the ones gone.
    int adminsClosed = function.bean(StartupKafkaAdminClient.class).closedAtCheckpoint();
    assertThat(threadsNamed(KAFKA_ADMIN_THREAD))
        .as("Kafka admin clients at the checkpoint: micronaut-kafka's, closed")
        .isSubsetOf(adminsBefore)
        .hasSize(adminsBefore.size() - adminsClosed);
    assertThat(rowCounts(database, schema)).as("rows per table of " + schema).isEqualTo(before);
    List<String> warnings = new ArrayList<>();
    for (ILoggingEvent event : logged.list) {
      if (event.getLevel().isGreaterOrEqual(Level.WARN)
          && !fromEmbeddedServers(event.getLoggerName())) {
        warnings.add(event.getLevel() + " " + event.getLoggerName() + ": " + event.getMessage());
      }
    }
    assertThat(warnings).as("log lines at WARN or above while priming").isEmpty();
    hooks.hooks().afterRestore(null);
  }

  /**
   * The in-JVM Kafka broker logs in this JVM too (on a loaded machine, a late heartbeat is a WARN
   * or ERROR): its lines are the test infrastructure's, not the function's. Kafka's client
   * packages, which the function uses, are still checked.
   */
  private static boolean fromEmbeddedServers(String logger) {
    return EMBEDDED_SERVER_LOGGERS.stream().anyMatch(logger::startsWith);
  }

  private static final List<String> EMBEDDED_SERVER_LOGGERS =
      List.of(
          "kafka.",
          "org.apache.kafka.controller.",
          "org.apache.kafka.server.",
          "org.apache.kafka.raft.",
          "org.apache.kafka.metadata.",
          "org.apache.kafka.image.",
          "org.apache.kafka.storage.",
          "org.apache.kafka.coordinator.");

  private static final String KAFKA_ADMIN_THREAD = "kafka-admin-client-thread";

  /** The outbox producer primer's in-JVM broker's threads (decision 0072). */
  private static final String PRIMING_BROKER_THREAD = "priming-broker";

  private static List<String> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith(prefix))
        .toList();
  }

  /** The I/O threads of the JVM's live Kafka producers, one per producer. */
  private static List<String> kafkaProducerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("kafka-producer-network-thread"))
        .toList();
  }

  private static Map<String, Long> rowCounts(PostgresDatabase database, String schema)
      throws SQLException {
    Map<String, Long> counts = new TreeMap<>();
    try (Connection connection =
            DriverManager.getConnection(
                database.jdbcUrl(), database.username(), database.password());
        Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          statement.executeQuery(
              "select table_name from information_schema.tables where table_schema = '"
                  + schema
                  + "' and table_type = 'BASE TABLE'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      assertThat(tables).as("tables of schema " + schema).isNotEmpty();
      for (String table : tables) {
        try (ResultSet rs =
            statement.executeQuery("select count(*) from \"" + schema + "\".\"" + table + "\"")) {
          rs.next();
          counts.put(table, rs.getLong(1));
        }
      }
    }
    return counts;
  }
}
