package io.sac4cps.tasks.api;

import static io.sac4cps.tasks.TaskHarness.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.tasks.TaskCalls;
import io.sac4cps.tasks.TaskHarness;
import io.sac4cps.tasks.store.IdempotencyKeyStore;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.lambda.ApiResponse;
import java.sql.Connection;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Idempotency-Key on POST /tasks as draft-ietf-httpapi-idempotency-key-header describes it. */
@EmbeddedInfrastructure
class IdempotencyKeyIT {
  private static final String OTHER_EXPORT =
      TaskCalls.EXPORT.replace("\"format\":\"csv\"", "\"format\":\"jsonl\"");

  private static TaskHarness harness;
  private static TaskCalls api;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    harness = new TaskHarness(infrastructure);
    api = harness.api;
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void theSameKeyAndBodyAnswerTheOriginalTaskAndQueueNoSecond() {
    String tenant = tenant();
    String key = "\"" + UUID.randomUUID() + "\"";

    ApiResponse first = api.create(tenant, TaskCalls.EXPORT, key);
    // The same JSON with its members in another order and other spacing is the same request.
    ApiResponse retry =
        api.create(
            tenant,
            "{ \"params\": {\"format\":\"csv\",\"to\":\"2026-02-01T00:00:00Z\","
                + "\"from\":\"2026-01-01T00:00:00Z\",\"sensorId\":\"s-1\"}, \"kind\": \"sensor-data-export\" }",
            key);

    assertThat(first.status()).isEqualTo(202);
    assertThat(retry.status()).isEqualTo(202);
    String id = first.json().get("id").asText();
    assertThat(retry.json().get("id").asText()).isEqualTo(id);
    assertThat(retry.header("Location")).isEqualTo("/tasks/" + id);
    assertThat(api.list(tenant, "").json().get("items")).hasSize(1);
    assertThat(harness.work(harness.sensorsWork, id, 1)).hasSize(1);
  }

  @Test
  void theSameKeyWithAnotherBodyIsA422() {
    String tenant = tenant();
    String key = UUID.randomUUID().toString();
    api.create(tenant, TaskCalls.EXPORT, key);

    ApiResponse refused = api.create(tenant, OTHER_EXPORT, key);

    assertThat(refused.status()).isEqualTo(422);
    assertThat(api.list(tenant, "").json().get("items")).hasSize(1);
  }

  @Test
  void keysBelongToTheirTenant() {
    String key = UUID.randomUUID().toString();
    String a = tenant();
    String b = tenant();

    String first = api.create(a, TaskCalls.EXPORT, key).json().get("id").asText();
    ApiResponse other = api.create(b, OTHER_EXPORT, key);

    assertThat(other.status()).isEqualTo(202);
    assertThat(other.json().get("id").asText()).isNotEqualTo(first);
  }

  @Test
  void aRetryWhileTheFirstRequestIsStillInFlightIsA409() throws Exception {
    String tenant = tenant();
    String key = UUID.randomUUID().toString();
    // The first request holds its key for the length of its transaction: here, until released.
    TransactionOperations<Connection> transactions =
        harness.tasks.context().getBean(TransactionOperations.class);
    IdempotencyKeyStore keys = harness.tasks.bean(IdempotencyKeyStore.class);
    CountDownLatch claimed = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Boolean> first =
        CompletableFuture.supplyAsync(
            () ->
                transactions.executeWrite(
                    status -> {
                      boolean held = keys.tryClaim(tenant, key);
                      claimed.countDown();
                      await(release);
                      return held;
                    }));
    assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();

    ApiResponse retry;
    try {
      retry = api.create(tenant, TaskCalls.EXPORT, key);
    } finally {
      release.countDown();
    }

    assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(retry.status()).isEqualTo(409);
    assertThat(retry.header("Retry-After")).isEqualTo("1");
    assertThat(api.create(tenant, TaskCalls.EXPORT, key).status())
        .as("once the first is done, the key is free again")
        .isEqualTo(202);
  }

  @Test
  void aKeyThatIsNoStructuredStringIsRefused() {
    ApiResponse refused = api.create(tenant(), TaskCalls.EXPORT, "\"\"");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("Idempotency-Key");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
