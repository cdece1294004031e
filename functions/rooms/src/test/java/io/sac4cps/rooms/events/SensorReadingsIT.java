package io.sac4cps.rooms.events;

import static io.sac4cps.testkit.contract.EventContractAssertions.assertMatchesEventContract;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.contracts.events.CloudEvent;
import io.sac4cps.contracts.events.SensorReadingRecorded;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.rooms.RoomCalls;
import io.sac4cps.rooms.domain.Alert;
import io.sac4cps.rooms.domain.Limits;
import io.sac4cps.rooms.domain.Metric;
import io.sac4cps.rooms.domain.Series;
import io.sac4cps.rooms.store.AlertStore;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiResponse;
import io.sac4cps.testkit.lambda.KafkaEvents;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The sensor.readings consumer end to end: CloudEvents produced to the real Kafka broker, polled
 * and handed to {@link SensorReadingsHandler} as the Lambda event source mapping does (a {@link
 * KafkaEvent} of base64 records grouped by partition), alerts through the outbox to the SNS
 * stand-in and on to an SQS queue subscribed to {@code alerts}, poison records to the DLQ.
 */
@EmbeddedInfrastructure
class SensorReadingsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2025-03-04T10:00:00Z");

  private static ApplicationContext context;
  private static ApiFunction rooms;
  private static RoomCalls api;
  private static SensorReadingsHandler handler;
  private static KafkaProducer<String, String> producer;
  private static KafkaConsumer<String, String> consumer;
  private static String topic;
  private static String bootstrap;
  private static SqsClient sqs;
  private static SqsQueue alertsInbox;
  private static SqsQueue deadLetters;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    topic = infrastructure.kafkaTopic("sensor.readings", 3);
    bootstrap = infrastructure.kafkaBootstrapServers();
    String alertsArn = infrastructure.snsTopic("alerts");
    alertsInbox = infrastructure.queue("alerts-inbox");
    infrastructure.subscribe(alertsArn, alertsInbox, Map.of("RawMessageDelivery", "true"));
    deadLetters = infrastructure.queue(RoomMetricsProjection.DEAD_LETTER_QUEUE);
    sqs = infrastructure.sqsClient();

    Map<String, Object> properties = new HashMap<>(infrastructure.properties());
    properties.put("sac4cps.sns.topic-arns.alerts", alertsArn);
    // room.changed.v1 goes to room-events: without a topic its failed publish would back the
    // outbox off and delay the alerts this test waits for.
    properties.put("sac4cps.sns.create-topics", true);
    properties.put(
        "sac4cps.sqs.queue-urls." + RoomMetricsProjection.DEAD_LETTER_QUEUE, deadLetters.url());
    rooms = ApiFunction.builder("rooms").properties(properties).start();
    context = rooms.context();
    api = new RoomCalls(rooms);
    handler = new SensorReadingsHandler(context);

    Properties producerConfig = new Properties();
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producer = new KafkaProducer<>(producerConfig);
    Properties consumerConfig = new Properties();
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "rooms-" + UUID.randomUUID());
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumer = new KafkaConsumer<>(consumerConfig);
    consumer.subscribe(List.of(topic));
  }

  @AfterAll
  static void stop() {
    consumer.close();
    producer.close();
    rooms.close();
  }

  @Test
  void readingsBecomeCurrentMetricsAndRollups() throws Exception {
    String tenant = tenant();
    String room = api.newRoom(tenant, "HQ", 1);
    publish(reading(tenant, "temp-1", room, "temperature", "Cel", 20, T0.plusSeconds(5)));
    publish(reading(tenant, "temp-1", room, "temperature", "Cel", 22, T0.plusSeconds(25)));
    publish(reading(tenant, "temp-2", room, "temperature", "Cel", 24, T0.plusSeconds(45)));
    publish(reading(tenant, "temp-1", room, "temperature", "Cel", 26, T0.plusSeconds(65)));
    publish(reading(tenant, "co2-1", room, "co2", "ppm", 640, T0.plusSeconds(30)));

    String result = deliver(poll(5));

    assertThat(result).contains("applied=5");
    ApiResponse metrics = api.metrics(tenant, room);
    assertThat(metrics.json().at("/metrics/temperature/value").asDouble()).isEqualTo(26);
    assertThat(metrics.json().at("/metrics/temperature/unit").asText()).isEqualTo("Cel");
    assertThat(metrics.json().at("/metrics/temperature/timestamp").asText())
        .isEqualTo(T0.plusSeconds(65).toString());
    assertThat(metrics.json().at("/metrics/co2/value").asDouble()).isEqualTo(640);
    JsonNode minutes = history(tenant, room, "temperature", "1m").get("points");
    assertThat(minutes).hasSize(2);
    assertPoint(minutes.get(0), T0, 20, 24, 22, 3);
    assertPoint(minutes.get(1), T0.plusSeconds(60), 26, 26, 26, 1);
    JsonNode hours = history(tenant, room, "temperature", "1h").get("points");
    assertPoint(hours.get(0), T0, 20, 26, 23, 4);
    JsonNode days = history(tenant, room, "temperature", "1d").get("points");
    assertPoint(days.get(0), T0.truncatedTo(ChronoUnit.DAYS), 20, 26, 23, 4);
  }

  @Test
  void aRedeliveredBatchLeavesTheRollupsExactlyAsTheyWere() throws Exception {
    String tenant = tenant();
    String room = api.newRoom(tenant, "HQ", 1);
    for (int i = 0; i < 6; i++) {
      publish(
          reading(tenant, "hum-" + (i % 2), room, "humidity", "%", 40 + i, T0.plusSeconds(i * 20)));
    }
    KafkaEvent batch = poll(6);
    deliver(batch);
    JsonNode before = history(tenant, room, "humidity", "1m");

    String again = deliver(batch);

    assertThat(again).contains("applied=0").contains("duplicates=6");
    assertThat(history(tenant, room, "humidity", "1m")).isEqualTo(before);
    assertThat(history(tenant, room, "humidity", "1h").at("/points/0/count").asLong()).isEqualTo(6);
  }

  /**
   * The outbox relay sent an event, crashed before marking it sent, and sent it again (or the
   * producer retried): the broker holds two records of one CloudEvent, in one batch or in two.
   */
  @Test
  void theSameCloudEventInTwoKafkaRecordsIsAppliedOnceWithinABatchAndAcrossBatches()
      throws Exception {
    String tenant = tenant();
    String room = api.newRoom(tenant, "HQ", 1);
    String first = reading(tenant, "hum-9", room, "humidity", "%", 40, T0);
    String second = reading(tenant, "hum-9", room, "humidity", "%", 50, T0.plusSeconds(10));
    publish(first);
    publish(first);
    publish(second);

    String oneBatch = deliver(poll(3));

    assertThat(oneBatch).contains("records=3").contains("applied=2").contains("duplicates=1");
    publish(second);
    String laterBatch = deliver(poll(1));
    assertThat(laterBatch).contains("applied=0").contains("duplicates=1");
    JsonNode hour = history(tenant, room, "humidity", "1h").at("/points/0");
    assertThat(hour.get("count").asLong()).isEqualTo(2);
    assertThat(hour.get("avg").asDouble()).isEqualTo(45);
    assertThat(api.metrics(tenant, room).json().at("/metrics/humidity/value").asDouble())
        .isEqualTo(50);
  }

  @Test
  void aLateReadingCountsInRollupsButNeverReplacesANewerValue() throws Exception {
    String tenant = tenant();
    String room = api.newRoom(tenant, "HQ", 1);
    publish(reading(tenant, "light-1", room, "light", "lx", 300, T0.plusSeconds(300)));
    deliver(poll(1));

    publish(reading(tenant, "light-1", room, "light", "lx", 100, T0.plusSeconds(60)));
    deliver(poll(1));

    ApiResponse metrics = api.metrics(tenant, room);
    assertThat(metrics.json().at("/metrics/light/value").asDouble()).isEqualTo(300);
    assertThat(metrics.json().at("/metrics/light/timestamp").asText())
        .isEqualTo(T0.plusSeconds(300).toString());
    assertThat(history(tenant, room, "light", "1h").at("/points/0/count").asLong()).isEqualTo(2);
    assertThat(history(tenant, room, "light", "1h").at("/points/0/min").asDouble()).isEqualTo(100);
  }

  @Test
  void crossingAThresholdRaisesExactlyOneAlertAndRecoveryResolvesIt() throws Exception {
    String tenant = tenant();
    String room = api.newRoom(tenant, "HQ", 2);
    assertThat(api.putThresholds(tenant, room, "{\"co2\":{\"max\":1000}}").status()).isEqualTo(200);

    // Two readings above the limit raise; hovering around it afterwards raises nothing more.
    double[] hovering = {900, 1100, 1150, 1010, 995, 1020, 990, 1005, 999};
    Instant t = T0;
    for (double value : hovering) {
      publish(reading(tenant, "co2-1", room, "co2", "ppm", value, t));
      deliver(poll(1));
      t = t.plusSeconds(30);
    }

    List<JsonNode> raised = receiveAlerts(1);
    assertThat(raised).hasSize(1);
    JsonNode alert = raised.get(0);
    assertMatchesEventContract(alert);
    assertThat(alert.get("type").asText()).isEqualTo("alert.raised.v1");
    assertThat(alert.get("tenantid").asText()).isEqualTo(tenant);
    assertThat(alert.at("/data/roomId").asText()).isEqualTo(room);
    assertThat(alert.at("/data/value").asDouble()).isEqualTo(1150);
    assertThat(alert.at("/data/crossed").asText()).isEqualTo("max");
    assertThat(alert.at("/data/threshold/max").asDouble()).isEqualTo(1000);
    JsonNode active = api.metrics(tenant, room).json().get("activeAlerts");
    assertThat(active).hasSize(1);
    assertThat(active.get(0).get("id").asText()).isEqualTo(alert.at("/data/alertId").asText());

    // Back inside by the 2 % margin (<= 980) for three readings resolves it.
    for (double value : new double[] {950, 940, 930}) {
      publish(reading(tenant, "co2-1", room, "co2", "ppm", value, t));
      t = t.plusSeconds(30);
    }
    deliver(poll(3));

    List<JsonNode> resolved = receiveAlerts(1);
    assertThat(resolved).hasSize(1);
    assertMatchesEventContract(resolved.get(0));
    assertThat(resolved.get(0).get("type").asText()).isEqualTo("alert.resolved.v1");
    assertThat(resolved.get(0).at("/data/alertId").asText())
        .isEqualTo(alert.at("/data/alertId").asText());
    assertThat(resolved.get(0).at("/data/value").asDouble()).isEqualTo(930);
    assertThat(api.metrics(tenant, room).json().get("activeAlerts")).isEmpty();
    assertThat(receiveAlerts(0)).isEmpty();
  }

  @Test
  void oneBatchThatResolvesRaisesAndResolvesAgainLeavesOnlyItsLastAlertActive() throws Exception {
    String tenant = tenant();
    String room = api.newRoom(tenant, "HQ", 2);
    assertThat(api.putThresholds(tenant, room, "{\"co2\":{\"max\":1000}}").status()).isEqualTo(200);
    Instant t = T0;
    for (double value : new double[] {1100, 1150}) {
      publish(reading(tenant, "co2-1", room, "co2", "ppm", value, t));
      t = t.plusSeconds(30);
    }
    deliver(poll(2));
    String first = receiveAlerts(1).get(0).at("/data/alertId").asText();

    // One batch: resolve the first alert, raise a second, resolve it, raise a third.
    double[] values = {950, 940, 930, 1200, 1250, 900, 910, 920, 1300, 1350};
    for (double value : values) {
      publish(reading(tenant, "co2-1", room, "co2", "ppm", value, t));
      t = t.plusSeconds(30);
    }
    assertThat(deliver(poll(values.length))).contains("applied=" + values.length);

    List<JsonNode> events = receiveAlerts(4);
    assertThat(events)
        .extracting(e -> e.get("type").asText())
        .containsExactlyInAnyOrder(
            "alert.resolved.v1", "alert.raised.v1", "alert.resolved.v1", "alert.raised.v1");
    events.forEach(e -> assertMatchesEventContract(e));
    List<String> raised = new ArrayList<>();
    List<String> resolved = new ArrayList<>();
    for (JsonNode e : events) {
      (e.get("type").asText().equals("alert.raised.v1") ? raised : resolved)
          .add(e.at("/data/alertId").asText());
    }
    assertThat(resolved).contains(first);
    assertThat(resolved).containsAnyElementsOf(raised);
    String last = raised.stream().filter(id -> !resolved.contains(id)).findFirst().orElseThrow();
    JsonNode active = api.metrics(tenant, room).json().get("activeAlerts");
    assertThat(active).hasSize(1);
    assertThat(active.get(0).get("id").asText()).isEqualTo(last);
    assertThat(active.get(0).get("value").asDouble()).isEqualTo(1350);
  }

  /**
   * The projection changes a value and raises its alert in one transaction; GET metrics must show
   * both or neither. A writer does the same by hand while holding the alert table locked, so the
   * metrics request reads the values before the commit and the alerts after it.
   */
  @Test
  void metricsShowAnAlertOnlyTogetherWithTheValueThatRaisedIt() throws Exception {
    String tenant = tenant();
    String room = api.newRoom(tenant, "HQ", 3);
    assertThat(api.putThresholds(tenant, room, "{\"co2\":{\"max\":1000}}").status()).isEqualTo(200);
    publish(reading(tenant, "co2-1", room, "co2", "ppm", 900, T0));
    deliver(poll(1));

    TransactionOperations<Connection> transactions = context.getBean(TransactionOperations.class);
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> writer =
          threads.submit(
              () ->
                  transactions.executeWrite(
                      status -> {
                        Connection connection = status.getConnection();
                        try (Statement sql = connection.createStatement()) {
                          sql.execute("LOCK TABLE alert IN ACCESS EXCLUSIVE MODE");
                        }
                        try (PreparedStatement update =
                            connection.prepareStatement(
                                "UPDATE metric_current SET value = 1500, ts = ?"
                                    + " WHERE tenant_id = ? AND room_id = ? AND metric = 'co2'")) {
                          update.setObject(1, T0.plusSeconds(30).atOffset(ZoneOffset.UTC));
                          update.setString(2, tenant);
                          update.setString(3, room);
                          assertThat(update.executeUpdate()).isEqualTo(1);
                        }
                        context
                            .getBean(AlertStore.class)
                            .record(
                                List.of(
                                    new Alert(
                                        UUID.randomUUID().toString(),
                                        new Series(tenant, room, Metric.CO2),
                                        "co2-1",
                                        1500,
                                        "ppm",
                                        new Limits(null, 1000.0),
                                        Limits.Crossed.MAX,
                                        T0.plusSeconds(30))),
                                List.of());
                        locked.countDown();
                        commit.await();
                        return null;
                      }));
      assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
      Future<ApiResponse> metrics = threads.submit(() -> api.metrics(tenant, room));
      awaitAQueryWaitingForTheAlertLock(transactions);
      commit.countDown();
      writer.get(10, TimeUnit.SECONDS);

      JsonNode seen = metrics.get(10, TimeUnit.SECONDS).json();
      double value = seen.at("/metrics/co2/value").asDouble();
      int alerts = seen.get("activeAlerts").size();
      assertThat(value == 900 && alerts == 0 || value == 1500 && alerts == 1)
          .as("value %s shown with %s active alerts", value, alerts)
          .isTrue();
      JsonNode after = api.metrics(tenant, room).json();
      assertThat(after.at("/metrics/co2/value").asDouble()).isEqualTo(1500);
      assertThat(after.get("activeAlerts")).hasSize(1);
    } finally {
      commit.countDown();
      threads.shutdownNow();
    }
  }

  private static void awaitAQueryWaitingForTheAlertLock(
      TransactionOperations<Connection> transactions) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      boolean waiting =
          transactions.executeRead(
              status -> {
                try (Statement sql = status.getConnection().createStatement();
                    ResultSet rs =
                        sql.executeQuery(
                            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                + " AND query LIKE '%FROM alert%'")) {
                  rs.next();
                  return rs.getLong(1) > 0;
                }
              });
      if (waiting) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the metrics request never waited for the alert table");
  }

  @Test
  void poisonRecordsGoToTheDeadLetterQueueWithTheirReasonAndTheRestIsApplied() throws Exception {
    String tenant = tenant();
    String room = api.newRoom(tenant, "HQ", 1);
    publish(reading(tenant, "occ-1", room, "occupancy", "people", 3, T0));
    publish("broken", "{not json");
    publish(
        "v9",
        reading(tenant, "occ-1", room, "occupancy", "people", 4, T0.plusSeconds(1))
            .replace("sensor.reading.recorded.v1", "sensor.reading.recorded.v9"));
    publish("pressure", reading(tenant, "p-1", room, "pressure", "hPa", 1013, T0));
    publish(reading(tenant, "occ-1", room, "occupancy", "people", 5, T0.plusSeconds(2)));

    String result = deliver(poll(5));

    assertThat(result).contains("applied=2").contains("deadLettered=3");
    assertThat(api.metrics(tenant, room).json().at("/metrics/occupancy/value").asDouble())
        .isEqualTo(5);
    List<Message> letters = receive(deadLetters.url(), 3);
    assertThat(letters)
        .extracting(m -> m.messageAttributes().get("reason").stringValue())
        .containsExactlyInAnyOrder("bad-json", "unknown-type", "schema-invalid");
    assertThat(letters)
        .allSatisfy(
            m -> {
              assertThat(m.messageAttributes().get("topic").stringValue()).isEqualTo(topic);
              assertThat(m.messageAttributes()).containsKeys("partition", "offset", "detail");
            });
    assertThat(letters)
        .filteredOn(m -> m.messageAttributes().get("reason").stringValue().equals("bad-json"))
        .extracting(Message::body)
        .containsExactly("{not json");
  }

  @Test
  void comfortIsTheShareOfTheLastDaysMinutesWithinThresholds() throws Exception {
    String tenant = tenant();
    String room = api.newRoom(tenant, "HQ", 1);
    api.putThresholds(tenant, room, "{\"temperature\":{\"min\":18,\"max\":26}}");
    Instant recent = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(30));
    double[] minuteValues = {21, 22, 30, 23};
    for (int i = 0; i < minuteValues.length; i++) {
      publish(
          reading(
              tenant,
              "t-1",
              room,
              "temperature",
              "Cel",
              minuteValues[i],
              recent.plusSeconds(60L * i)));
    }
    deliver(poll(minuteValues.length));

    JsonNode comfort = api.metrics(tenant, room).json().get("comfort");

    assertThat(comfort.get("share").asDouble()).isEqualTo(0.75);
    assertThat(comfort.get("minutes").asLong()).isEqualTo(4);
    assertThat(comfort.at("/metrics/temperature/share").asDouble()).isEqualTo(0.75);
  }

  // ---------------------------------------------------------------- fixtures

  private static String tenant() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String reading(
      String tenant, String sensor, String room, String type, String unit, double value, Instant ts)
      throws Exception {
    CloudEvent<SensorReadingRecorded> event =
        CloudEvent.of(
            SensorReadingRecorded.TYPE,
            "sensors",
            sensor,
            tenant,
            new SensorReadingRecorded(sensor, room, tenant, type, unit, value, ts));
    return context.getBean(JsonMapper.class).writeValueAsString(event);
  }

  private static void publish(String value) throws Exception {
    publish(JSON.readTree(value).at("/data/sensorId").asText(), value);
  }

  private static void publish(String key, String value) throws Exception {
    producer.send(new ProducerRecord<>(topic, key, value)).get();
  }

  /** Polls the broker as the event source mapping does and shapes the records into a KafkaEvent. */
  private static KafkaEvent poll(int expected) {
    KafkaEvents.Event event = KafkaEvents.selfManaged(bootstrap);
    int received = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (received < expected && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
        event.record(
            KafkaEvents.record(record.topic(), record.partition(), record.key(), record.value())
                .offset(record.offset()));
        received++;
      }
    }
    assertThat(received).as("records polled from " + topic).isEqualTo(expected);
    return event.build();
  }

  private static String deliver(KafkaEvent event) {
    return handler.handleRequest(event, LocalLambdaContext.of("rooms-sensor-readings"));
  }

  /** The history around T0: two hours for 1m points (the 1000-point cap), two days otherwise. */
  private static JsonNode history(String tenant, String room, String metric, String interval) {
    Duration around = interval.equals("1m") ? Duration.ofHours(1) : Duration.ofDays(1);
    ApiResponse response =
        api.history(
            tenant,
            room,
            Map.of(
                "metric",
                metric,
                "interval",
                interval,
                "from",
                T0.minus(around).toString(),
                "to",
                T0.plus(around).toString()));
    assertThat(response.status()).isEqualTo(200);
    return response.json();
  }

  private static void assertPoint(
      JsonNode point, Instant t, double min, double max, double avg, long count) {
    assertThat(point.get("t").asText()).isEqualTo(t.toString());
    assertThat(point.get("min").asDouble()).isEqualTo(min);
    assertThat(point.get("max").asDouble()).isEqualTo(max);
    assertThat(point.get("avg").asDouble()).isEqualTo(avg);
    assertThat(point.get("count").asLong()).isEqualTo(count);
  }

  /** Alert events on the queue subscribed to SNS alerts; waits a little longer for none extra. */
  private static List<JsonNode> receiveAlerts(int expected) throws Exception {
    List<JsonNode> alerts = new ArrayList<>();
    for (Message message : receive(alertsInbox.url(), expected)) {
      alerts.add(JSON.readTree(message.body()));
    }
    return alerts;
  }

  /** Receives (and deletes) messages until {@code expected} arrived, then checks for stragglers. */
  private static List<Message> receive(String queueUrl, int expected) {
    List<Message> messages = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    int quietPolls = 0;
    while (System.nanoTime() < deadline && (messages.size() < expected || quietPolls < 2)) {
      List<Message> batch =
          sqs.receiveMessage(
                  r ->
                      r.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(1)
                          .messageAttributeNames("All"))
              .messages();
      if (batch.isEmpty() && messages.size() >= expected) {
        quietPolls++;
      }
      for (Message message : batch) {
        messages.add(message);
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
      }
    }
    return messages;
  }
}
