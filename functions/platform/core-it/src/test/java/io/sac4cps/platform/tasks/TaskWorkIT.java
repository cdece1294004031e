package io.sac4cps.platform.tasks;

import static io.sac4cps.testkit.contract.EventContractAssertions.assertMatchesEventContract;
import static io.sac4cps.testkit.tasks.TaskReportsReader.states;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.embedded.QueueSettings;
import io.sac4cps.embedded.SqsEventSource;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.platform.outbox.OutboxRelayHandler;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.tasks.TaskReportsReader;
import io.sac4cps.testkit.tasks.TaskWorkMessages;
import io.sac4cps.testkit.tasks.WorkQueueSource;
import io.sac4cps.testkit.telemetry.OtlpReceiver;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * {@link TaskWorkHandler} as an owner function runs it, against PostgreSQL, ElasticMQ and Kafka:
 * the test plays tasks, sending {@code task.run-requested.v1} / {@code task.cancel-requested.v1} to
 * a work queue that two concurrent pollers hand to the handler (Lambda's event source), and reading
 * {@code task.progress-reported.v1} from Kafka {@code task.reports}.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS, Service.KAFKA})
class TaskWorkIT {
  /** A dead worker's message comes back after this. */
  private static final QueueSettings SETTINGS = new QueueSettings(Duration.ofSeconds(4), 5);

  private static final Duration WITHIN = Duration.ofSeconds(30);

  private static Infrastructure infrastructure;
  private static TaskReportsReader reports;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeAll
  static void start(Infrastructure infra) {
    infrastructure = infra;
    reports = new TaskReportsReader(infra.kafkaBootstrapServers());
  }

  /** The runner's tables, once Flyway made the schema (it refuses a schema it did not make). */
  private static void createRunnerTables() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS it_task_step (task_id text, step int, attempt int,"
              + " at timestamptz DEFAULT clock_timestamp())");
      s.execute("CREATE TABLE IF NOT EXISTS it_task_discard (task_id text, next int)");
    }
  }

  @AfterAll
  static void stop() {
    reports.close();
  }

  @AfterEach
  void close() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  @Test
  void runsATaskToSuccessReportingInOrderWithinTheContract() throws Exception {
    Owner owner = owner("success", Map.of());
    String task = taskId();
    owner.run(task, "{\"steps\":5}");

    List<JsonNode> reported = reports.awaitFinal(task, WITHIN);

    assertThat(states(reported)).first().isEqualTo("running");
    assertThat(states(reported)).last().isEqualTo("succeeded");
    assertSequencedAndValid(reported);
    JsonNode last = reported.get(reported.size() - 1).get("data");
    assertThat(last.get("result").get("summary").asText()).isEqualTo("5 steps");
    assertThat(last.get("progress")).as(reported.toString()).isNotNull();
    assertThat(last.get("progress").get("done").asLong()).isEqualTo(5);
    assertThat(last.get("progress").get("total").asLong()).isEqualTo(5);
    assertThat(steps(task)).isEqualTo(new Steps(5, 5));
    assertThat(reported.get(0).get("source").asText()).isEqualTo("/sac4cps/it-owner");
    assertThat(reported.get(0).get("tenantid").asText()).isEqualTo(owner.tenant);
  }

  @Test
  void aTaskCancelledBeforeItsWorkArrivesNeverStarts() throws Exception {
    Owner owner = owner("cancel-pending", Map.of());
    String task = taskId();
    owner.cancel(task);
    assertThat(states(reports.awaitFinal(task, WITHIN))).containsExactly("cancelled");

    owner.run(task, "{\"steps\":5}");
    // The run message is consumed and dropped: nothing ran, nothing more was reported.
    awaitDeliveries(owner, task, 2);
    Thread.sleep(500);

    List<JsonNode> reported = reports.of(task);
    assertThat(states(reported)).containsExactly("cancelled");
    assertSequencedAndValid(reported);
    assertThat(steps(task)).isEqualTo(new Steps(0, 0));
  }

  @Test
  void aRunningTaskStopsAtItsNextCheckpointWithinSecondsAndDiscardsItsOutput() throws Exception {
    Owner owner = owner("cancel-running", Map.of());
    String task = taskId();
    owner.run(task, "{\"steps\":1000,\"stepMillis\":50}");
    reports.await(task, r -> steps(task).rows() >= 5, WITHIN);

    Instant cancelled = Instant.now();
    owner.cancel(task);
    List<JsonNode> reported = reports.awaitFinal(task, WITHIN);
    Duration toStop = Duration.between(cancelled, Instant.now());

    assertThat(states(reported)).last().isEqualTo("cancelled");
    assertThat(toStop).isLessThan(Duration.ofSeconds(5));
    assertSequencedAndValid(reported);
    Steps done = steps(task);
    assertThat(done.rows()).isLessThan(1000).isEqualTo(done.distinct());
    // The runner discarded its partial output from the last checkpoint.
    assertThat(discarded(task)).containsExactly(done.rows());
    Thread.sleep(500);
    assertThat(steps(task)).isEqualTo(done);
  }

  @Test
  void aRunShortOfTimeContinuesInANewInvocationWithoutRedoingWork() throws Exception {
    // Each invocation may run 1.5 s and stops when less than 1.2 s is left: a few steps each.
    Owner owner = owner("continue", Map.of("sac4cps.tasks.time-budget", "1200ms"));
    owner.source.invocationTimeout(Duration.ofMillis(1500));
    String task = taskId();
    owner.run(task, "{\"steps\":30,\"stepMillis\":40}");

    List<JsonNode> reported = reports.awaitFinal(task, WITHIN);

    assertThat(states(reported)).last().isEqualTo("succeeded");
    assertSequencedAndValid(reported);
    assertThat(steps(task)).isEqualTo(new Steps(30, 30));
    // More than one invocation ran it, each from the previous one's checkpoint.
    assertThat(owner.source.deliveriesOf(task).size()).isGreaterThan(2);
    assertThat(reported.stream().allMatch(r -> r.get("data").get("attempt").asInt() == 1)).isTrue();
  }

  @Test
  void aWorkerThatDiesMidRunIsRedeliveredAndResumesFromItsCheckpoint() throws Exception {
    Owner owner = owner("crash", Map.of("sac4cps.tasks.time-budget", "100ms"));
    String task = taskId();
    CountDownLatch never = new CountDownLatch(1);
    StepsRunner.Block block = new StepsRunner.Block(7, never);
    StepsRunner.blockBefore.put(task, block);
    // An invocation hangs before step 7 past its deadline, 2 s away: a dead worker. (On a cold JVM
    // an earlier one may run out of time first and continue: the hang is awaited, not step 7.)
    owner.source.invocationTimeout(Duration.ofSeconds(2));
    owner.run(task, "{\"steps\":12}");
    assertThat(block.reached().await(WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(steps(task)).isEqualTo(new Steps(7, 7));
    owner.source.invocationTimeout(Duration.ofSeconds(60));
    StepsRunner.blockBefore.remove(task);

    List<JsonNode> reported = reports.awaitFinal(task, WITHIN);

    assertThat(states(reported)).last().isEqualTo("succeeded");
    assertSequencedAndValid(reported);
    assertThat(steps(task)).isEqualTo(new Steps(12, 12));
    List<WorkQueueSource.Delivery> deliveries = owner.source.deliveriesOf(task);
    assertThat(deliveries).extracting(WorkQueueSource.Delivery::receiveCount).contains(2);
    never.countDown(); // the hung worker wakes up after all: it has lost the run
    Thread.sleep(500);
    assertThat(steps(task)).isEqualTo(new Steps(13, 12));
    assertThat(states(reports.of(task))).last().isEqualTo("succeeded");
  }

  @Test
  void aFailingTaskIsRetriedWithBackoffThenFailsWithAProblem() throws Exception {
    Owner owner = owner("retry", Map.of("sac4cps.tasks.retry-base-delay", "2s"));
    String task = taskId();
    owner.run(task, "{\"steps\":3,\"fail\":true}");

    List<JsonNode> reported = reports.awaitFinal(task, WITHIN);

    assertThat(states(reported))
        .containsExactly("running", "retrying", "running", "retrying", "running", "failed");
    assertThat(reported)
        .extracting(r -> r.get("data").get("attempt").asInt())
        .containsExactly(1, 1, 2, 2, 3, 3);
    assertSequencedAndValid(reported);
    JsonNode error = reported.get(5).get("data").get("error");
    assertThat(error.get("title").asText()).contains("3 attempts");
    assertThat(error.get("detail").asText()).contains("attempt 3 broke on purpose");
    // Equal jitter: the retry after attempt n waits at least half of 2 s * 2^(n-1).
    List<WorkQueueSource.Delivery> runs = owner.source.deliveriesOf(task);
    assertThat(runs).hasSize(3);
    assertThat(Duration.between(runs.get(0).at(), runs.get(1).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(Duration.between(runs.get(1).at(), runs.get(2).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    assertThat(discarded(task)).hasSize(1);
  }

  /** Decision 0066: an outage (S3's breaker open) is not the task's failure; it waits it out. */
  @Test
  void aRunRefusedByAnOpenBreakerIsRetriedWithoutSpendingItsAttempts() throws Exception {
    Owner owner = owner("refused", Map.of());
    String task = taskId();
    // Four refusals where the kind allows three attempts: spent, they would fail the task.
    owner.run(task, "{\"steps\":2,\"refusedRuns\":4}");

    List<JsonNode> reported = reports.awaitFinal(task, WITHIN);

    assertThat(states(reported)).last().isEqualTo("succeeded");
    assertThat(states(reported)).filteredOn("retrying"::equals).hasSize(4);
    assertThat(reported)
        .extracting(r -> r.get("data").get("attempt").asInt())
        .as("every run is still the first attempt")
        .containsOnly(1);
    assertSequencedAndValid(reported);
    assertThat(owner.source.deliveriesOf(task)).hasSize(5);
  }

  @Test
  void poisonGoesToTheDeadLetterQueueAndFailsTheTaskItNames() throws Exception {
    Owner owner = owner("poison", Map.of());
    String unknownKind = taskId();
    owner.send(TaskWorkMessages.run(owner.tenant, unknownKind, "no-such-kind", "{\"steps\":1}"));
    owner.send("{not json");

    List<JsonNode> reported = reports.awaitFinal(unknownKind, WITHIN);
    assertThat(states(reported)).containsExactly("failed");
    assertSequencedAndValid(reported);
    assertThat(reported.get(0).get("data").get("error").get("detail").asText())
        .contains("no-such-kind");

    List<Message> dead = receive(owner.queue.deadLetterUrl(), 2, Duration.ofSeconds(10));
    assertThat(dead)
        .extracting(m -> m.messageAttributes().get("reason").stringValue())
        .containsExactlyInAnyOrder("unknown-type", "bad-json");
    assertThat(receive(owner.queue.url(), 1, Duration.ofSeconds(2))).isEmpty();
  }

  /**
   * A task's invocation ends with a flush (decision 0048): with the OTLP export of AWS (a receiver
   * standing in for the collector extension, the batch schedule an hour away) the spans of the
   * run's report publishes have reached it by the time {@code handleRequest} returned.
   */
  @Test
  void theRunsSpansHaveReachedTheCollectorWhenItsInvocationReturns() throws Exception {
    try (OtlpReceiver collector = OtlpReceiver.start()) {
      Owner owner = new Owner("otlp", collector.properties(), false);
      String task = taskId();
      Message work =
          Message.builder()
              .messageId(UUID.randomUUID().toString())
              .receiptHandle("otlp-" + task)
              .body(TaskWorkMessages.run(owner.tenant, task, StepsRunner.KIND, "{\"steps\":2}"))
              .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"))
              .build();
      assertThat(collector.requests()).as("nothing exported before an invocation").isEmpty();

      var response =
          new TaskWorkHandler(owner.context)
              .handleRequest(
                  SqsEventSource.event(owner.queue.arn(), List.of(work)),
                  new LocalLambdaContext(
                      "work-otlp",
                      UUID.randomUUID().toString(),
                      512,
                      Instant.now().plus(Duration.ofSeconds(60))));

      assertThat(response.getBatchItemFailures()).isEmpty();
      assertThat(states(reports.awaitFinal(task, WITHIN))).last().isEqualTo("succeeded");
      assertThat(collector.text())
          .as("the run's spans, exported before the handler returned")
          .contains("publish task.reports");
    }
  }

  // ---- fixture ----

  /** An owner function: its work queue, its context with the test kind, two pollers. */
  private final class Owner {
    final String tenant = "t-" + UUID.randomUUID();
    final SqsQueue queue;
    final WorkQueueSource source;
    final ApplicationContext context;

    Owner(String name, Map<String, Object> settings) {
      this(name, settings, true);
    }

    /** With {@code polled} false no poller runs: the test invokes the handler itself. */
    Owner(String name, Map<String, Object> settings, boolean polled) {
      queue = infrastructure.queue("work-" + name, SETTINGS);
      Map<String, Object> properties = new HashMap<>(infrastructure.properties());
      properties.put("flyway.datasources.default.enabled", true);
      properties.put("sac4cps.tasks.kinds." + StepsRunner.KIND + ".queue", queue.name());
      properties.put("sac4cps.tasks.kinds." + StepsRunner.KIND + ".owner", "it-owner");
      properties.put("sac4cps.tasks.kinds." + StepsRunner.KIND + ".max-attempts", 3);
      properties.put("sac4cps.tasks.progress-interval", "100ms");
      properties.put("sac4cps.tasks.cancel-poll-interval", "100ms");
      properties.put("sac4cps.tasks.retry-base-delay", "1s");
      // Invocations of 60 s (WorkQueueSource) continue elsewhere when less than 1 s is left.
      properties.put("sac4cps.tasks.time-budget", "1s");
      properties.putAll(settings);
      var db = infrastructure.database();
      context =
          ApplicationContext.builder()
              .properties(properties)
              .singletons(new StepsRunner(db.jdbcUrl(), db.username(), db.password()))
              .start();
      opened.add(context);
      try {
        createRunnerTables();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      if (!polled) {
        source = null;
        return;
      }
      source =
          new WorkQueueSource(infrastructure.sqsClient(), queue, new TaskWorkHandler(context), 2)
              .start();
      opened.add(source);
    }

    void run(String taskId, String params) {
      send(TaskWorkMessages.run(tenant, taskId, StepsRunner.KIND, params));
    }

    void cancel(String taskId) {
      send(TaskWorkMessages.cancel(tenant, taskId, StepsRunner.KIND));
    }

    void send(String body) {
      infrastructure.sqsClient().sendMessage(b -> b.queueUrl(queue.url()).messageBody(body));
    }
  }

  @Test
  void finishedRunRecordsArePurgedAfterTheirRetentionAndARunningOneIsKept() throws Exception {
    Owner owner = owner("retention", Map.of());
    String expired = taskId();
    String within = taskId();
    String running = taskId();
    owner.run(expired, "{\"steps\":1}");
    owner.run(within, "{\"steps\":1}");
    assertThat(states(reports.awaitFinal(expired, WITHIN))).last().isEqualTo("succeeded");
    assertThat(states(reports.awaitFinal(within, WITHIN))).last().isEqualTo("succeeded");
    try (Connection c = connect();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO task_run (task_id, tenant_id, kind, attempt, state, updated_at)"
                    + " VALUES (?, ?, ?, 1, 'running', now() - interval '40 days')")) {
      insert.setString(1, running);
      insert.setString(2, owner.tenant);
      insert.setString(3, StepsRunner.KIND);
      insert.executeUpdate();
    }
    lastChanged(expired, Duration.ofDays(31));
    lastChanged(within, Duration.ofDays(29));

    String result = new OutboxRelayHandler(owner.context).execute(Map.of());

    assertThat(result).contains("task_run=1");
    assertThat(runRecords(expired, within, running)).containsExactlyInAnyOrder(within, running);
  }

  private Owner owner(String name, Map<String, Object> settings) {
    return new Owner(name, settings);
  }

  private static void awaitDeliveries(Owner owner, String task, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (owner.source.deliveriesOf(task).size() < count && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(owner.source.deliveriesOf(task)).hasSize(count);
  }

  /** Sequences 1, 2, 3, … in the order of the topic, and every report within its schema. */
  private static void assertSequencedAndValid(List<JsonNode> reported) {
    for (int i = 0; i < reported.size(); i++) {
      assertMatchesEventContract(reported.get(i));
      assertThat(reported.get(i).get("data").get("sequence").asLong()).isEqualTo(i + 1L);
    }
  }

  private record Steps(int rows, int distinct) {}

  private static Steps steps(String task) {
    try (Connection c = connect();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT count(*), count(DISTINCT step) FROM it_task_step WHERE task_id = ?")) {
      q.setString(1, task);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return new Steps(rs.getInt(1), rs.getInt(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void lastChanged(String task, Duration ago) throws SQLException {
    try (Connection c = connect();
        PreparedStatement update =
            c.prepareStatement(
                "UPDATE task_run SET updated_at = now() - make_interval(secs => ?)"
                    + " WHERE task_id = ?")) {
      update.setLong(1, ago.toSeconds());
      update.setString(2, task);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }

  private static List<String> runRecords(String... tasks) throws SQLException {
    List<String> found = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement q =
            c.prepareStatement("SELECT task_id FROM task_run WHERE task_id = ANY (?)")) {
      q.setArray(1, c.createArrayOf("text", tasks));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
    }
    return found;
  }

  private static List<Integer> discarded(String task) throws SQLException {
    List<Integer> next = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement q =
            c.prepareStatement("SELECT next FROM it_task_discard WHERE task_id = ?")) {
      q.setString(1, task);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          next.add(rs.getInt(1));
        }
      }
    }
    return next;
  }

  private static List<Message> receive(String url, int count, Duration within) {
    List<Message> received = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    while (received.size() < count && System.nanoTime() < deadline) {
      received.addAll(
          infrastructure
              .sqsClient()
              .receiveMessage(
                  b ->
                      b.queueUrl(url)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(1)
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                          .messageAttributeNames("All"))
              .messages());
    }
    return received;
  }

  private static String taskId() {
    return "tsk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  private static Connection connect() throws SQLException {
    var db = infrastructure.database();
    return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
  }
}
