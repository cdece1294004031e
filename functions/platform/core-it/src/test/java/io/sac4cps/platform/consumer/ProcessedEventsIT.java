package io.sac4cps.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The event-id claim against PostgreSQL (decision 0071): a batch of new ids is inserted plainly,
 * any taken id sends it to {@code ON CONFLICT DO NOTHING}; either way exactly the ids never claimed
 * before come back, for UUID and other ids alike, and the transaction goes on.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS})
class ProcessedEventsIT {
  private static ApplicationContext context;
  private static ProcessedEvents processed;
  private static TransactionOperations<Connection> transactions;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void start(Infrastructure infra) {
    Map<String, Object> properties = new HashMap<>(infra.properties());
    properties.put("flyway.datasources.default.enabled", true);
    context = ApplicationContext.run(properties);
    processed = context.getBean(ProcessedEvents.class);
    transactions = context.getBean(TransactionOperations.class);
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void newIdsAreClaimedOnceWhetherUuidsOrNot() {
    String consumer = "it.claim-" + UUID.randomUUID();
    List<String> first = List.of(uuid(), uuid(), "reading-1", "tenant/a:42", uuid().toUpperCase());

    assertThat(claim(consumer, first)).containsExactlyInAnyOrderElementsOf(first);
    assertThat(claim(consumer, first)).as("the whole batch again").isEmpty();
    assertThat(claim(consumer, List.of(first.get(2)))).as("one id again").isEmpty();
    assertThat(claim("it.other-" + UUID.randomUUID(), first))
        .as("another consumer's claim is its own")
        .containsExactlyInAnyOrderElementsOf(first);
    assertThat(stored(consumer)).containsExactlyInAnyOrderElementsOf(first);
  }

  @Test
  void aBatchMixingTakenAndNewIdsClaimsExactlyTheNewOnesAndTheTransactionGoesOn() {
    String consumer = "it.claim-" + UUID.randomUUID();
    String taken = uuid();
    String takenText = "e-" + UUID.randomUUID();
    claim(consumer, List.of(taken, takenText));
    String fresh = uuid();
    String freshText = "e-" + UUID.randomUUID();

    Set<String> claimed =
        transactions.executeWrite(
            status -> {
              Set<String> ids =
                  processed.claim(consumer, List.of(fresh, taken, freshText, takenText));
              // The plain insert failed on the taken ids: its savepoint, not the transaction,
              // was rolled back, so what comes after still commits.
              processed.claim(consumer, List.of("after-" + fresh, "after-" + freshText));
              return ids;
            });

    assertThat(claimed).containsExactlyInAnyOrder(fresh, freshText);
    assertThat(stored(consumer))
        .containsExactlyInAnyOrder(
            taken, takenText, fresh, freshText, "after-" + fresh, "after-" + freshText);
  }

  @Test
  void anIdRepeatedInOneBatchIsClaimedOnce() {
    String consumer = "it.claim-" + UUID.randomUUID();
    String id = uuid();

    assertThat(claim(consumer, List.of(id, "x-1", id))).containsExactlyInAnyOrder(id, "x-1");
    assertThat(stored(consumer)).containsExactlyInAnyOrder(id, "x-1");
  }

  @Test
  void twoConcurrentBatchesSharingIdsClaimEachIdOnce() throws Exception {
    String consumer = "it.claim-" + UUID.randomUUID();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      ids.add(i % 3 == 0 ? "e-" + i : uuid());
    }
    // Two threads of their own: the common pool may have one on two cores.
    ExecutorService threads = Executors.newFixedThreadPool(2);
    CountDownLatch firstClaimed = new CountDownLatch(1);
    CountDownLatch secondStarted = new CountDownLatch(1);
    CompletableFuture<Set<String>> first =
        CompletableFuture.supplyAsync(
            () ->
                transactions.executeWrite(
                    status -> {
                      Set<String> claimed = processed.claim(consumer, ids.subList(0, 100));
                      firstClaimed.countDown();
                      await(secondStarted);
                      sleep(); // the second batch now waits on the ids this one holds
                      return claimed;
                    }),
            threads);
    await(firstClaimed);
    CompletableFuture<Set<String>> second =
        CompletableFuture.supplyAsync(
            () ->
                transactions.executeWrite(
                    status -> {
                      secondStarted.countDown();
                      return processed.claim(consumer, ids.subList(50, 150));
                    }),
            threads);

    Set<String> byFirst = first.get(30, TimeUnit.SECONDS);
    Set<String> bySecond = second.get(30, TimeUnit.SECONDS);
    threads.shutdown();

    assertThat(byFirst).containsExactlyInAnyOrderElementsOf(ids.subList(0, 100));
    assertThat(bySecond).containsExactlyInAnyOrderElementsOf(ids.subList(100, 150));
    assertThat(stored(consumer)).containsExactlyInAnyOrderElementsOf(ids);
  }

  private static Set<String> claim(String consumer, List<String> ids) {
    return transactions.executeWrite(status -> processed.claim(consumer, ids));
  }

  private static Set<String> stored(String consumer) {
    return transactions.executeRead(
        status -> {
          try (PreparedStatement select =
              status
                  .getConnection()
                  .prepareStatement("SELECT event_id FROM processed_event WHERE consumer = ?")) {
            select.setString(1, consumer);
            Set<String> ids = new HashSet<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                assertThat(ids.add(rows.getString(1))).as("one row per id").isTrue();
              }
            }
            return ids;
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static String uuid() {
    return UUID.randomUUID().toString();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the other batch never got there");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
