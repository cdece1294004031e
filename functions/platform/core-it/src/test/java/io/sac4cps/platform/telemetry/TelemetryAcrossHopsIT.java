package io.sac4cps.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.transaction.TransactionOperations;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.sac4cps.contracts.events.CloudEvent;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.embedded.QueueSettings;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.platform.consumer.EventProjection;
import io.sac4cps.platform.consumer.InboundEvent;
import io.sac4cps.platform.consumer.KafkaEventConsumer;
import io.sac4cps.platform.consumer.SqsEventConsumer;
import io.sac4cps.platform.consumer.TallyProjection;
import io.sac4cps.platform.outbox.Destination;
import io.sac4cps.platform.outbox.Outbox;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.lambda.KafkaEvents;
import io.sac4cps.testkit.lambda.SqsEvents;
import io.sac4cps.testkit.security.TestTokens;
import io.sac4cps.testkit.telemetry.EmbeddedMetricLines;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * One trace across the platform's real hops, as a reading travels from sensors to notifications: an
 * API Gateway request to a function (its HTTP handler, filters and security) records an event in
 * the outbox → the relay publishes it to Kafka (the embedded broker) → a Kafka consumer batch (as
 * Lambda's event source hands it over) records a follow-up event → the relay publishes it to SNS
 * (the stand-in) → SQS (ElasticMQ) → an SQS consumer. Every hop's span must be the child of the one
 * before, in one trace, with the tenant as an attribute and no token or payload in any.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.KAFKA, Service.SQS, Service.SNS})
class TelemetryAcrossHopsIT {
  private static final String CALLER_TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String CALLER_SPAN = "b7ad6b7169203331";

  private static Infrastructure infrastructure;
  private static ApplicationContext context;
  private static InMemorySpanExporter spans;
  private static String kafkaTopic;
  private static String snsTopic;
  private static SqsQueue inbox;

  @BeforeAll
  static void start(Infrastructure infra) {
    infrastructure = infra;
    kafkaTopic = infra.kafkaTopic("traced-readings", 1);
    snsTopic = infra.uniqueName("traced-alerts");
    String topicArn = infra.snsTopic("traced-alerts");
    inbox = infra.queue("traced-inbox", new QueueSettings(Duration.ofSeconds(5), 3));
    infra.subscribe(topicArn, inbox, Map.of("RawMessageDelivery", "true"));
    Map<String, Object> properties = new HashMap<>(infra.properties());
    properties.putAll(TestTokens.configuration());
    properties.put("flyway.datasources.default.enabled", true);
    properties.put("it.traced-topic", kafkaTopic);
    properties.put("sac4cps.sns.topic-arns." + snsTopic, topicArn);
    properties.put("micronaut.application.name", "traced-it");
    spans = InMemorySpanExporter.create();
    context = ApplicationContext.builder().properties(properties).start();
    context.registerSingleton(SpanExporter.class, spans);
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  /** What one reading did at each hop. */
  private record Flow(
      String tenant, String token, ConsumerRecord<String, String> record, List<Message> received) {}

  /** One reading from the request to the last consumer, each hop asserted to have worked. */
  private static Flow followOneReading(String callerTrace) {
    String tenant = "tenant-" + UUID.randomUUID();
    String token = TestTokens.token("user-1", tenant, "device");

    APIGatewayProxyResponseEvent response =
        new ApiGatewayProxyRequestEventFunction(context)
            .handleRequest(
                ApiGatewayEvents.request("POST", "/traced-readings")
                    .bearer(token)
                    .header("traceparent", "00-" + callerTrace + "-" + CALLER_SPAN + "-01")
                    .json("{\"value\":21.5}")
                    .build(),
                LocalLambdaContext.of("traced-it"));
    assertThat(response.getStatusCode()).isEqualTo(202);

    ConsumerRecord<String, String> record = onlyRecord(kafkaTopic, tenant);
    KafkaEvents.Record delivered =
        KafkaEvents.record(kafkaTopic, 0, record.key(), record.value()).offset(record.offset());
    for (Header header : record.headers()) {
      delivered.header(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    KafkaEvent batch =
        KafkaEvents.selfManaged(infrastructure.kafkaBootstrapServers()).record(delivered).build();
    context.getBean(KafkaEventConsumer.class).consume(batch, new RaisesTally(tenant));

    List<Message> received = receive(inbox, 1);
    @SuppressWarnings("unchecked")
    TallyProjection tally =
        new TallyProjection(
            "it.traced-inbox", inbox.name() + "-dlq", context.getBean(TransactionOperations.class));
    SQSBatchResponse answer =
        context
            .getBean(SqsEventConsumer.class)
            .consume(SqsEvents.received(inbox.arn(), received), tally);
    assertThat(answer.getBatchItemFailures()).isEmpty();
    assertThat(tally.total(tenant)).as("the last consumer applied the event").isEqualTo(1);
    deleteAll(received);
    return new Flow(tenant, token, record, received);
  }

  @Test
  void oneReadingIsOneTraceFromTheRequestToTheLastConsumer() {
    Flow flow = followOneReading(CALLER_TRACE);
    String tenant = flow.tenant();
    String token = flow.token();
    ConsumerRecord<String, String> record = flow.record();
    List<Message> received = flow.received();

    context.getBean(Telemetry.class).flush(Duration.ofSeconds(5));
    List<SpanData> trace =
        spans.getFinishedSpanItems().stream()
            .filter(s -> s.getTraceId().equals(CALLER_TRACE))
            .toList();

    SpanData request = only(trace, "POST /traced-readings", SpanKind.SERVER);
    SpanData toKafka = only(trace, "publish " + kafkaTopic, SpanKind.PRODUCER);
    SpanData fromKafka = only(trace, "process " + kafkaTopic, SpanKind.CONSUMER);
    SpanData toSns = only(trace, "publish " + snsTopic, SpanKind.PRODUCER);
    SpanData fromSqs = only(trace, "process " + inbox.name(), SpanKind.CONSUMER);
    assertThat(request.getParentSpanId()).as("child of the caller's span").isEqualTo(CALLER_SPAN);
    assertThat(toKafka.getParentSpanId()).isEqualTo(request.getSpanId());
    assertThat(fromKafka.getParentSpanId()).isEqualTo(toKafka.getSpanId());
    assertThat(toSns.getParentSpanId()).isEqualTo(fromKafka.getSpanId());
    assertThat(fromSqs.getParentSpanId()).isEqualTo(toSns.getSpanId());
    for (SpanData span : List.of(request, toKafka, fromKafka, toSns, fromSqs)) {
      assertThat(span.getAttributes().get(Tracing.TENANT)).as(span.getName()).isEqualTo(tenant);
      assertThat(span.getAttributes().asMap().values().toString())
          .as("no token or payload in " + span.getName())
          .doesNotContain(token)
          .doesNotContain("21.5");
    }
    assertThat(request.getAttributes().get(Tracing.HTTP_STATUS)).isEqualTo(202L);

    // The event itself carries the request's span (CloudEvents distributed-tracing extension).
    assertThat(record.value())
        .contains("\"traceparent\":\"00-" + CALLER_TRACE + "-" + request.getSpanId() + "-01\"");
    assertThat(received.get(0).body())
        .contains("\"traceparent\":\"00-" + CALLER_TRACE + "-" + fromKafka.getSpanId() + "-01\"");
  }

  @Test
  void everyHopEmitsValidEmbeddedMetricsWithTheWorkloadsCounts() {
    EmbeddedMetricLines lines =
        EmbeddedMetricLines.capture(() -> followOneReading("3af7651916cd43dd8448eb211c80319c"));

    Map<String, String> route = Map.of("Service", "traced-it", "Route", "POST /traced-readings");
    assertThat(lines.sum("Requests", route)).isEqualTo(1);
    assertThat(lines.sum("Errors", route)).isZero();
    assertThat(lines.sum("Latency", route)).isPositive();
    assertThat(lines.sum("Published", Map.of("Destination", "kafka"))).isEqualTo(1);
    assertThat(lines.sum("Published", Map.of("Destination", "sns"))).isEqualTo(1);
    assertThat(lines.sum("RelayFailures", Map.of())).isZero();
    assertThat(lines.sum("EventsApplied", Map.of("Consumer", "it.raises-tally"))).isEqualTo(1);
    assertThat(lines.sum("EventsApplied", Map.of("Consumer", "it.traced-inbox"))).isEqualTo(1);
    assertThat(lines.sum("DeadLetters", Map.of())).isZero();
    assertThat(lines.lines())
        .as("the request's line carries its trace id")
        .anyMatch(
            l ->
                l.path("Route").asText().equals("POST /traced-readings")
                    && l.path("traceId").asText().equals("3af7651916cd43dd8448eb211c80319c"));
  }

  @Test
  void aBatchOfTwoTracesIsTheChildOfTheFirstAndLinkedToTheSecond() {
    String first = "00-11111111111111111111111111111111-1111111111111111-01";
    String second = "00-22222222222222222222222222222222-2222222222222222-01";
    String tenant = "tenant-" + UUID.randomUUID();
    KafkaEvent batch =
        KafkaEvents.selfManaged(infrastructure.kafkaBootstrapServers())
            .record(
                KafkaEvents.record("batch-topic", 0, "a", event(tenant, null))
                    .offset(1)
                    .header("traceparent", first))
            // No header: the event's own traceparent extension is the producer.
            .record(KafkaEvents.record("batch-topic", 0, "b", event(tenant, second)).offset(2))
            .build();

    context.getBean(KafkaEventConsumer.class).consume(batch, new Counted());

    context.getBean(Telemetry.class).flush(Duration.ofSeconds(5));
    SpanData process =
        spans.getFinishedSpanItems().stream()
            .filter(s -> s.getName().equals("process batch-topic"))
            .findFirst()
            .orElseThrow();
    assertThat(process.getTraceId()).isEqualTo("11111111111111111111111111111111");
    assertThat(process.getParentSpanId()).isEqualTo("1111111111111111");
    assertThat(process.getLinks())
        .extracting(LinkData::getSpanContext)
        .extracting(c -> c.getTraceId() + "/" + c.getSpanId())
        .containsExactly("22222222222222222222222222222222/2222222222222222");
    assertThat(process.getAttributes().get(Tracing.MESSAGE_COUNT)).isEqualTo(2L);
  }

  private static String event(String tenant, String traceparent) {
    return "{\"specversion\":\"1.0\",\"id\":\""
        + UUID.randomUUID()
        + "\",\"source\":\"/it\",\"type\":\"it.counted.v1\",\"tenantid\":\""
        + tenant
        + "\""
        + (traceparent == null ? "" : ",\"traceparent\":\"" + traceparent + "\"")
        + ",\"data\":{}}";
  }

  /** What rooms does with a reading that crosses a threshold: records an event for SNS. */
  private static final class RaisesTally implements EventProjection<InboundEvent> {
    private final String tenant;

    RaisesTally(String tenant) {
      this.tenant = tenant;
    }

    @Override
    public String consumer() {
      return "it.raises-tally";
    }

    @Override
    public String deadLetterQueue() {
      return "it-raises-tally-dlq";
    }

    @Override
    public InboundEvent decode(InboundEvent event) {
      return event;
    }

    @Override
    public void apply(List<InboundEvent> events) {
      Outbox outbox = context.getBean(Outbox.class);
      for (InboundEvent ignored : events) {
        CloudEvent<Map<String, Object>> raised =
            CloudEvent.of("tally.added.v1", "it", "s-1", tenant, Map.of("amount", 1));
        outbox.add(outbox.message(raised.id(), Destination.sns(snsTopic), null, raised));
      }
    }
  }

  private static final class Counted implements EventProjection<JsonNode> {
    @Override
    public String consumer() {
      return "it.counted";
    }

    @Override
    public String deadLetterQueue() {
      return "it-counted-dlq";
    }

    @Override
    public JsonNode decode(InboundEvent event) {
      return event.data();
    }

    @Override
    public void apply(List<JsonNode> events) {}
  }

  private static SpanData only(List<SpanData> trace, String name, SpanKind kind) {
    List<SpanData> named = trace.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as("spans named '" + name + "' in " + names(trace)).hasSize(1);
    assertThat(named.get(0).getKind()).as(name).isEqualTo(kind);
    return named.get(0);
  }

  private static List<String> names(List<SpanData> trace) {
    return trace.stream().map(SpanData::getName).toList();
  }

  /** The one record of {@code tenant} on {@code topic} (other tests' records are skipped). */
  private static ConsumerRecord<String, String> onlyRecord(String topic, String tenant) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (records.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value().contains("\"tenantid\":\"" + tenant + "\"")) {
            records.add(r);
          }
        }
      }
    }
    assertThat(records).as("records on " + topic).hasSize(1);
    return records.get(0);
  }

  private static void deleteAll(List<Message> messages) {
    for (Message message : messages) {
      infrastructure
          .sqsClient()
          .deleteMessage(b -> b.queueUrl(inbox.url()).receiptHandle(message.receiptHandle()));
    }
  }

  private static List<Message> receive(SqsQueue queue, int count) {
    List<Message> received = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (received.size() < count && System.nanoTime() < deadline) {
      received.addAll(
          infrastructure
              .sqsClient()
              .receiveMessage(
                  b ->
                      b.queueUrl(queue.url())
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(1)
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                          .messageAttributeNames("All"))
              .messages());
    }
    assertThat(received).as("messages on " + queue.name()).hasSize(count);
    return received;
  }
}
