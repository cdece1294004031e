package io.sac4cps.platform.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.sac4cps.platform.outbox.OutboxRelayHandler;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scheduled relay runs a function's {@link ScheduledWork} on every tick, and one piece of work
 * that fails stops neither the others nor the relay and the retention purge.
 */
@EmbeddedInfrastructure(services = Service.POSTGRES)
class ScheduledWorkIT {
  private static ApplicationContext context;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    Map<String, Object> properties = new HashMap<>(infrastructure.properties());
    properties.put("flyway.datasources.default.enabled", true);
    properties.put("it.scheduled-work", true);
    context = ApplicationContext.run(properties);
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void everyTickRunsEachPieceOfWorkAndAFailureStopsNothingElse() {
    OutboxRelayHandler relay = new OutboxRelayHandler(context);

    String first = relay.execute(Map.of());
    String second = relay.execute(Map.of());

    assertThat(first)
        .contains("failing-work failed")
        .contains("counting-work ran 1")
        .contains("published 0")
        .contains("expired processed_event=0");
    assertThat(second).contains("counting-work ran 2").contains("failing-work failed");
  }

  @Singleton
  @Requires(property = "it.scheduled-work", value = "true")
  static class FailingWork implements ScheduledWork {
    @Override
    public String name() {
      return "failing-work";
    }

    @Override
    public String run() {
      throw new IllegalStateException("the database said no");
    }
  }

  @Singleton
  @Requires(property = "it.scheduled-work", value = "true")
  static class CountingWork implements ScheduledWork {
    private final AtomicInteger runs = new AtomicInteger();

    @Override
    public String name() {
      return "counting-work";
    }

    @Override
    public String run() {
      return "ran " + runs.incrementAndGet();
    }
  }
}
