package io.sac4cps.platform.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.sac4cps.embedded.EmbeddedKafkaBroker;
import io.sac4cps.embedded.EmbeddedS3Server;
import io.sac4cps.embedded.EmbeddedSqsServer;
import io.sac4cps.embedded.LocalAwsAccount;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.platform.resilience.Breaker;
import io.sac4cps.platform.resilience.CircuitBreakers;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.security.TestTokens;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /health}'s dependency reports (decision 0073) against real servers: the function
 * {@code sensors} (as contracts/wiring.yaml wires it: Kafka, SQS, an S3 bucket, its database) sees
 * each UP with a latency; a stopped server is DOWN (and the function DEGRADED, still 200) once the
 * cached answer expired, and not before; an open breaker makes its dependency DEGRADED; and an SQS
 * endpoint that answers slowly is DEGRADED, one that never answers is DOWN within the probe
 * timeout, the route staying fast.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES})
class DependencyHealthIT {
  private static final Duration CACHE_FOR = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static EmbeddedKafkaBroker kafka;
  private static EmbeddedSqsServer sqs;
  private static EmbeddedS3Server s3;
  private static HttpServer slowSqs;
  private static final AtomicLong slowSqsDelayMs = new AtomicLong();
  private static ApplicationContext context;
  private static ApplicationContext slowContext;
  private static ApplicationContext breakerContext;

  @BeforeAll
  static void start(Infrastructure infra) throws Exception {
    kafka = EmbeddedKafkaBroker.startNew();
    sqs = EmbeddedSqsServer.start();
    s3 = EmbeddedS3Server.start();
    s3.createBucket("health-exports");
    Map<String, Object> properties = properties(infra);
    properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    properties.put("aws.services.sqs.endpoint-override", sqs.endpoint().toString());
    properties.put("aws.services.s3.endpoint-override", s3.endpoint().toString());
    properties.put("aws.services.s3.path-style-access-enabled", "true");
    properties.put("sac4cps.s3.buckets.exports", "health-exports");
    properties.put("sac4cps.health.cache-for", CACHE_FOR.toString());
    context = ApplicationContext.run(properties);

    // An SQS endpoint that answers every request with an error after slowSqsDelayMs: an answer.
    slowSqs = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    slowSqs.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    slowSqs.createContext(
        "/",
        exchange -> {
          try {
            Thread.sleep(slowSqsDelayMs.get());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body =
              "{\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\",\"message\":\"no\"}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
          exchange.sendResponseHeaders(400, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    slowSqs.start();
    Map<String, Object> slow = properties(infra);
    slow.put(
        "aws.services.sqs.endpoint-override", "http://127.0.0.1:" + slowSqs.getAddress().getPort());
    slow.put("sac4cps.health.probe-timeout", "800ms");
    slow.put("sac4cps.health.slow-after", "200ms");
    slow.put("sac4cps.health.cache-for", "0s");
    slow.put("sac4cps.aws.attempt-timeout", "30s");
    slow.put("sac4cps.aws.call-timeout", "60s");
    slowContext = ApplicationContext.run(slow);
    Map<String, Object> breakers = properties(infra);
    breakers.put("aws.services.sqs.endpoint-override", sqs.endpoint().toString());
    breakerContext = ApplicationContext.run(breakers);
  }

  private static Map<String, Object> properties(Infrastructure infra) {
    Map<String, Object> properties = new HashMap<>(infra.properties());
    properties.putAll(TestTokens.configuration());
    properties.put("micronaut.application.name", "sensors");
    properties.put("aws.region", LocalAwsAccount.REGION);
    properties.put("aws.access-key-id", LocalAwsAccount.ACCESS_KEY_ID);
    properties.put("aws.secret-key", LocalAwsAccount.SECRET_KEY);
    return properties;
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable closeable :
        new AutoCloseable[] {context, slowContext, breakerContext, kafka, sqs, s3}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    if (slowSqs != null) {
      slowSqs.stop(0);
    }
  }

  @Test
  void eachDependencyIsUpWithItsLatencyDownOnceStoppedAndTheAnswerIsCached() throws Exception {
    JsonNode health = health(context, 200);
    assertThat(health.at("/status").asText()).as(health.toString()).isEqualTo("UP");
    assertThat(health.at("/checks/database").asText()).isEqualTo("UP");
    for (String dependency : new String[] {"database", "kafka", "aws_sqs", "aws_s3"}) {
      JsonNode report = health.at("/dependencies/" + dependency);
      assertThat(report.at("/status").asText()).as(dependency).isEqualTo("UP");
      assertThat(report.at("/latencyMs").isIntegralNumber()).as(dependency).isTrue();
      assertThat(report.at("/latencyMs").asLong()).as(dependency).isBetween(0L, 5_000L);
      assertThat(Instant.parse(report.at("/checkedAt").asText()))
          .isBefore(Instant.now().plusSeconds(1));
    }
    assertThat(health.at("/dependencies/aws_sns").isMissingNode())
        .as("sensors publishes to no SNS topic")
        .isTrue();

    String checkedAt = health.at("/dependencies/kafka/checkedAt").asText();
    kafka.stop();
    sqs.stop();
    s3.stop();
    try {
      JsonNode cached = health(context, 200);
      assertThat(cached.at("/dependencies/kafka/checkedAt").asText())
          .as("within the cache period nothing is probed again")
          .isEqualTo(checkedAt);
      assertThat(cached.at("/status").asText()).isEqualTo("UP");

      Thread.sleep(CACHE_FOR.toMillis() + 100);
      long started = System.nanoTime();
      JsonNode down = health(context, 200);
      long tookMs = (System.nanoTime() - started) / 1_000_000;
      assertThat(down.at("/status").asText())
          .as("the function serves with its database; the work for the others waits")
          .isEqualTo("DEGRADED");
      for (String dependency : new String[] {"kafka", "aws_sqs", "aws_s3"}) {
        assertThat(down.at("/dependencies/" + dependency + "/status").asText())
            .as(dependency)
            .isEqualTo("DOWN");
      }
      assertThat(down.at("/dependencies/database/status").asText()).isEqualTo("UP");
      assertThat(tookMs)
          .as("probes are concurrent and bounded by the 1 s timeout")
          .isLessThan(2_500);
    } finally {
      kafka.start();
      sqs.restart();
      s3.restart();
    }
    Thread.sleep(CACHE_FOR.toMillis() + 100);
    assertThat(health(context, 200).at("/status").asText()).isEqualTo("UP");
  }

  @Test
  void anOpenBreakerMakesItsDependencyDegraded() throws Exception {
    Breaker breaker =
        breakerContext
            .getBean(CircuitBreakers.class)
            .of("aws_sqs", new Breaker.Settings(1, 1, 100, Duration.ofMinutes(5)));
    try {
      breaker.guarded(
          () -> {
            throw new IllegalStateException("queue gone");
          },
          e -> true);
    } catch (RuntimeException expected) {
      // the failure that opens it
    }
    assertThat(breaker.state()).isEqualTo(Breaker.State.OPEN);
    JsonNode health = health(breakerContext, 200);
    assertThat(health.at("/status").asText()).isEqualTo("DEGRADED");
    assertThat(health.at("/dependencies/aws_sqs/status").asText())
        .as("ElasticMQ answers, but its breaker is open: " + health)
        .isEqualTo("DEGRADED");
    assertThat(health.at("/breakers/aws_sqs").asText()).isEqualTo("OPEN");
  }

  @Test
  void aSlowDependencyIsDegradedAndOneThatHangsIsDownWithoutSlowingTheRoute() throws Exception {
    slowSqsDelayMs.set(0);
    health(slowContext, 200); // the instance's first probe builds the client: latency not judged
    slowSqsDelayMs.set(400);
    JsonNode slow = health(slowContext, 200);
    assertThat(slow.at("/dependencies/aws_sqs/status").asText()).isEqualTo("DEGRADED");
    assertThat(slow.at("/dependencies/aws_sqs/latencyMs").asLong()).isBetween(400L, 800L);
    assertThat(slow.at("/status").asText()).isEqualTo("DEGRADED");

    slowSqsDelayMs.set(30_000);
    long started = System.nanoTime();
    JsonNode hung = health(slowContext, 200);
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertThat(hung.at("/dependencies/aws_sqs/status").asText()).isEqualTo("DOWN");
    assertThat(hung.at("/dependencies/aws_sqs/latencyMs").asLong()).isEqualTo(800L);
    assertThat(tookMs).as("the route waits for the probe timeout only").isLessThan(1_500);
    assertThat(hung.at("/checks/database").asText()).isEqualTo("UP");
    slowSqsDelayMs.set(0);
  }

  private static JsonNode health(ApplicationContext in, int expectedStatus) throws Exception {
    APIGatewayProxyResponseEvent response =
        new ApiGatewayProxyRequestEventFunction(in)
            .handleRequest(
                ApiGatewayEvents.request("GET", "/health").build(),
                LocalLambdaContext.of("sensors"));
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(expectedStatus);
    return JSON.readTree(response.getBody());
  }
}
