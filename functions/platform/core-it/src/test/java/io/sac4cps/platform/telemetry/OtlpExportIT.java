package io.sac4cps.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.embedded.EmbeddedKafkaBroker;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.platform.outbox.Destination;
import io.sac4cps.platform.outbox.Outbox;
import io.sac4cps.platform.outbox.OutboxMessage;
import io.sac4cps.platform.outbox.OutboxRelay;
import io.sac4cps.platform.outbox.OutboxRelayHandler;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.security.TestTokens;
import io.sac4cps.testkit.telemetry.OtlpReceiver;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The OTLP/HTTP export as it runs in AWS (decision 0048), against a local HTTP receiver standing in
 * for the ADOT collector extension on localhost:4318: the batch processor's own schedule is an hour
 * away, so a span can only have arrived by the time the invocation returned if the invocation
 * flushed it, as a frozen Lambda process requires.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES})
class OtlpExportIT {

  @Test
  void aRequestsSpanHasReachedTheCollectorWhenTheInvocationReturns(Infrastructure infra)
      throws Exception {
    OtlpReceiver collector = OtlpReceiver.start();
    Map<String, Object> properties = new HashMap<>(infra.properties());
    properties.putAll(TestTokens.configuration());
    properties.put("micronaut.application.name", "otlp-it");
    properties.putAll(collector.properties());
    try (ApplicationContext context = ApplicationContext.run(properties)) {
      APIGatewayProxyResponseEvent response =
          new ApiGatewayProxyRequestEventFunction(context)
              .handleRequest(
                  ApiGatewayEvents.request("GET", "/health").build(),
                  LocalLambdaContext.of("otlp-it"));
      assertThat(response.getStatusCode()).isEqualTo(200);

      assertThat(collector.requests())
          .as("spans exported before the invocation returned")
          .isNotEmpty();
      assertThat(collector.contentTypes())
          .allMatch(type -> type.startsWith("application/x-protobuf"));
      assertThat(collector.text()).contains("GET /health").contains("otlp-it");
    } finally {
      collector.close();
    }
  }

  /**
   * The scheduled relay's run (decision 0048): a commit while the broker was down left its event in
   * the outbox; the relay handler's invocation publishes it once the broker is back, and its
   * publish spans have reached the collector when {@code execute} returns, with nothing exported
   * before it (the batch processor's schedule is an hour away, and no invocation had ended).
   */
  @Test
  void theRelaysSpansHaveReachedTheCollectorWhenItsRunReturns(Infrastructure infra)
      throws Exception {
    OtlpReceiver collector = OtlpReceiver.start();
    String topic = "relay-otlp-" + UUID.randomUUID().toString().substring(0, 8);
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.startNew()) {
      kafka.createTopic(topic, 1);
      Map<String, Object> properties = new HashMap<>(infra.properties());
      properties.putAll(TestTokens.configuration());
      properties.put("micronaut.application.name", "relay-otlp-it");
      properties.put("flyway.datasources.default.enabled", true);
      properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
      properties.put("kafka.producers.outbox.max.block.ms", "1000");
      properties.put("kafka.producers.outbox.request.timeout.ms", "1000");
      properties.put("kafka.producers.outbox.delivery.timeout.ms", "1500");
      properties.putAll(collector.properties());
      try (ApplicationContext context = ApplicationContext.run(properties)) {
        @SuppressWarnings("unchecked")
        TransactionOperations<Connection> transactions =
            context.getBean(TransactionOperations.class);
        Outbox outbox = context.getBean(Outbox.class);
        OutboxRelay relay = context.getBean(OutboxRelay.class);
        kafka.stop();
        try {
          String id = "relay-otlp-" + UUID.randomUUID();
          transactions.executeWrite(
              status ->
                  outbox.addAll(
                      List.of(
                          new OutboxMessage(
                              id,
                              Destination.kafka(topic),
                              "k",
                              ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8)))));
        } finally {
          kafka.start();
        }
        assertThat(relay.pending()).as("the event waits for the relay").isEqualTo(1);
        assertThat(collector.requests())
            .as("nothing exported before an invocation ended")
            .isEmpty();

        OutboxRelayHandler handler = new OutboxRelayHandler(context);
        // The broker may take a moment to lead its partition again: a run that published nothing
        // leaves the event for the next one, as the schedule would.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (relay.pending() > 0 && System.nanoTime() < deadline) {
          collector.clear();
          handler.execute(Map.of());
        }
        assertThat(relay.pending()).as("the relay published the event").isZero();
        assertThat(collector.requests()).as("spans exported before the run returned").isNotEmpty();
        assertThat(collector.text()).contains("publish " + topic).contains("relay-otlp-it");
      }
    } finally {
      collector.close();
    }
  }
}
