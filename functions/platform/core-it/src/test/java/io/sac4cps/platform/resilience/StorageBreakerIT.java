package io.sac4cps.platform.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.sac4cps.embedded.EmbeddedS3Server;
import io.sac4cps.embedded.LocalAwsAccount;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.platform.storage.Buckets;
import io.sac4cps.platform.storage.ObjectKey;
import io.sac4cps.platform.storage.ObjectStorage;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.security.TestTokens;
import io.sac4cps.testkit.telemetry.EmbeddedMetricLines;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The S3 circuit breaker and {@code GET /health} against a real S3-speaking server (S3Proxy, this
 * class's own) that is stopped and started again: the first uploads after it went down fail after
 * their bounded retries and open the breaker; {@code /health} then answers 200 DEGRADED naming
 * {@code aws_s3} OPEN; the uploads after it fail fast without calling S3; once S3 is back and the
 * breaker's open period is over, the next upload is the trial that closes it, {@code /health} is UP
 * again, and every object (those stored before the outage, and those refused during it and written
 * again by their caller, as a task's retry does) is in the bucket.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES})
class StorageBreakerIT {
  private static final String TENANT = "t-breaker";
  private static final Duration OPEN_FOR = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static EmbeddedS3Server s3;
  private static ApplicationContext context;
  private static ObjectStorage storage;

  @BeforeAll
  static void start(Infrastructure infra) {
    s3 = EmbeddedS3Server.start();
    s3.createBucket("breaker-files");
    Map<String, Object> properties = new HashMap<>(infra.properties());
    properties.putAll(TestTokens.configuration());
    properties.put("micronaut.application.name", "storage-breaker-it");
    properties.putAll(LocalAwsAccount.properties());
    properties.put("aws.services.s3.endpoint-override", s3.endpoint().toString());
    properties.put("aws.services.s3.path-style-access-enabled", "true");
    properties.put("sac4cps.s3.buckets.files", "breaker-files");
    properties.put("sac4cps.aws.s3.attempt-timeout", "500ms");
    properties.put("sac4cps.aws.s3.call-timeout", "2s");
    properties.put("sac4cps.breakers.aws_s3.open-for", OPEN_FOR.toString());
    // Probe S3 on every /health: the test reads it again right after S3 is back (decision 0073).
    properties.put("sac4cps.health.cache-for", "0s");
    context = ApplicationContext.run(properties);
    storage = context.getBean(Buckets.class).named("files");
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void whileS3IsDownUploadsFailFastHealthIsDegradedAndBothRecoverWhenItReturns() throws Exception {
    Breaker breaker = context.getBean(CircuitBreakers.class).find("aws_s3").orElseThrow();
    List<String> stored = new ArrayList<>();
    put("before-outage", stored);
    assertThat(health()).isEqualTo(new Health(200, "UP", "CLOSED"));

    List<String> refused = new ArrayList<>();
    List<Long> failedCalls = new ArrayList<>();
    long[] failFast = new long[3];
    s3.stop();
    EmbeddedMetricLines lines;
    try {
      lines =
          EmbeddedMetricLines.capture(
              () -> {
                // Half of the last calls (at least 3) failed: with the success before, 2 or 3.
                while (breaker.state() == Breaker.State.CLOSED && failedCalls.size() < 10) {
                  String name = "during-outage-" + failedCalls.size();
                  failedCalls.add(
                      timed(
                          () ->
                              assertThatThrownBy(() -> put(name, stored))
                                  .isInstanceOf(SdkClientException.class)));
                  refused.add(name);
                }
                assertThat(breaker.state()).isEqualTo(Breaker.State.OPEN);
                for (int i = 0; i < failFast.length; i++) {
                  String name = "while-open-" + i;
                  failFast[i] =
                      timed(
                          () ->
                              assertThatThrownBy(() -> put(name, stored))
                                  .isInstanceOf(DependencyUnavailable.class));
                  refused.add(name);
                }
              });
      assertThat(health())
          .as("the function serves (its database is up) but S3's work waits")
          .isEqualTo(new Health(200, "DEGRADED", "OPEN"));
    } finally {
      s3.restart();
    }

    assertThat(failedCalls).as("calls that tried S3 before it opened").hasSizeBetween(2, 3);
    long slowest = failedCalls.stream().mapToLong(Long::longValue).max().orElseThrow();
    for (long took : failFast) {
      assertThat(took).as("a refused call, ms").isLessThan(Math.max(1, slowest / 2));
    }
    Map<String, String> dependency =
        Map.of("Service", "storage-breaker-it", "Dependency", "aws_s3");
    assertThat(lines.sum("BreakerOpened", dependency)).isEqualTo(1);
    assertThat(lines.sum("CallsNotPermitted", dependency)).isEqualTo(failFast.length);

    // Still open until its period is over, S3 back or not: /health keeps saying so.
    assertThat(health().status()).isEqualTo("DEGRADED");
    Thread.sleep(OPEN_FOR.toMillis() + 100);
    for (String name : refused) {
      put(name, stored); // the caller's retry; the first is the trial that closes the breaker
    }
    assertThat(breaker.state()).isEqualTo(Breaker.State.CLOSED);
    assertThat(health()).isEqualTo(new Health(200, "UP", "CLOSED"));

    assertThat(stored).hasSize(1 + refused.size());
    for (String name : stored) {
      String key = ObjectKey.of(TENANT, name).s3Key();
      assertThat(
              s3.client()
                  .getObjectAsBytes(r -> r.bucket("breaker-files").key(key))
                  .asString(StandardCharsets.UTF_8))
          .as("nothing lost: " + key)
          .isEqualTo(name);
    }
  }

  private static void put(String name, List<String> stored) {
    storage.put(ObjectKey.of(TENANT, name), name.getBytes(StandardCharsets.UTF_8), "text/plain");
    stored.add(name);
  }

  private record Health(int code, String status, String s3Breaker) {}

  private static Health health() throws Exception {
    APIGatewayProxyResponseEvent response =
        new ApiGatewayProxyRequestEventFunction(context)
            .handleRequest(
                ApiGatewayEvents.request("GET", "/health").build(),
                LocalLambdaContext.of("storage-breaker-it"));
    JsonNode body = JSON.readTree(response.getBody());
    assertThat(body.at("/checks/database").asText()).isEqualTo("UP");
    return new Health(
        response.getStatusCode(),
        body.at("/status").asText(),
        body.at("/breakers/aws_s3").asText());
  }

  private static long timed(Runnable work) {
    long started = System.nanoTime();
    work.run();
    return (System.nanoTime() - started) / 1_000_000;
  }
}
