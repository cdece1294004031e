package io.sac4cps.identity;

import static io.sac4cps.identity.IdentityCalls.PASSWORD;
import static io.sac4cps.identity.IdentityCalls.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.lambda.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failed logins slow the guesser down without locking the owner out (decision 0020), through the
 * real handler on PostgreSQL; two handlers on one database stand for two Lambda instances.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SNS})
class LoginThrottleIT {
  private static final String OWNER = "192.0.2.10";
  private static ApiFunction identity;
  private static ApiFunction secondInstance;
  private static IdentityCalls accounts;
  private static IdentityCalls secondAccounts;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    ApiFunction.Builder configuration =
        IdentityCalls.function(infrastructure, infrastructure.snsTopic("identity-events"));
    identity = configuration.start();
    secondInstance = configuration.start();
    accounts = new IdentityCalls(identity);
    secondAccounts = new IdentityCalls(secondInstance);
  }

  @AfterAll
  static void stop() {
    identity.close();
    secondInstance.close();
  }

  @Test
  void anotherAddressFailingOnPurposeDoesNotLockTheOwnerOut() {
    String email = uniqueEmail("owner");
    accounts.registerOrganization(email, "Acme");
    String attacker = "203.0.113.66";
    for (int attempt = 0; attempt < 5; attempt++) {
      assertThat(accounts.loginFrom(attacker, email, "guess " + attempt).status()).isEqualTo(401);
    }
    ApiResponse held = secondAccounts.loginFrom(attacker, email, "guess 5");
    assertThat(held.status()).isEqualTo(429);
    // The first wait is 30 s from the fifth attempt (less the time the sixth took to come).
    assertThat(Integer.parseInt(held.header("Retry-After"))).isBetween(20, 31);
    assertThat(accounts.loginFrom(attacker, email, PASSWORD).status())
        .as("the guesser's address waits, even with the right password")
        .isEqualTo(429);

    assertThat(secondAccounts.loginFrom(OWNER, email, PASSWORD).status())
        .as("the owner, from their own address, is not held by the guesser's failures")
        .isEqualTo(200);
  }

  @Test
  void aGuesserSpreadOverAddressesIsHeldOnNewAddressesButNotOnTheOwnersKnownOne() {
    String email = uniqueEmail("spread");
    accounts.registerOrganization(email, "Acme");
    assertThat(accounts.loginFrom(OWNER, email, PASSWORD).status()).isEqualTo(200);

    // One guess from each of 20 addresses: none is held on its own, the email counts them all.
    for (int address = 1; address <= 20; address++) {
      IdentityCalls instance = address % 2 == 0 ? accounts : secondAccounts;
      assertThat(instance.loginFrom("198.18.0." + address, email, "guess").status()).isEqualTo(401);
    }
    ApiResponse newAddress = accounts.loginFrom("198.18.1.1", email, PASSWORD);
    assertThat(newAddress.status())
        .as("past the email's free attempts, addresses it never logged in from wait")
        .isEqualTo(429);
    assertThat(newAddress.header("Retry-After")).isNotNull();

    assertThat(secondAccounts.loginFrom(OWNER, email, PASSWORD).status())
        .as("an address the owner logged in from is not held by the email's count")
        .isEqualTo(200);
  }

  @Test
  void concurrentGuessesOnTwoInstancesAreCountedOneByOne() throws Exception {
    String email = uniqueEmail("parallel");
    accounts.registerOrganization(email, "Acme");
    String guesser = "203.0.113.99";
    int perInstance = 8;
    ExecutorService threads = Executors.newFixedThreadPool(2 * perInstance);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 2 * perInstance; i++) {
        IdentityCalls instance = i % 2 == 0 ? accounts : secondAccounts;
        String guess = "concurrent guess " + i;
        Callable<Integer> attempt =
            () -> {
              start.await();
              return instance.loginFrom(guesser, email, guess).status();
            };
        answers.add(threads.submit(attempt));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> answer : answers) {
        statuses.add(answer.get());
      }
      assertThat(statuses)
          .as("exactly the free attempts have their password checked, however they race")
          .filteredOn(status -> status == 401)
          .hasSize(5);
      assertThat(statuses).filteredOn(status -> status == 429).hasSize(2 * perInstance - 5);
    } finally {
      threads.shutdownNow();
    }
  }
}
