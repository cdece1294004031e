package io.sac4cps.localstack;

import io.sac4cps.contracts.wiring.FunctionDefinition;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.localstack.runtime.FunctionStartException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** In AWS a schedule runs each producer's outbox relay; here it runs every second. */
final class OutboxRelaySchedule implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelaySchedule.class);

  private final FunctionFleet fleet;
  private final String handler;
  private final Set<String> relaying = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService schedule =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("outbox-relay-schedule").unstarted(r));

  private OutboxRelaySchedule(FunctionFleet fleet, String handler) {
    this.fleet = fleet;
    this.handler = handler;
  }

  /**
   * Runs the relay of every function of the wiring that has one ({@link Wiring#runsOutboxRelay}).
   */
  static OutboxRelaySchedule start(Wiring wiring, FunctionFleet fleet) {
    OutboxRelaySchedule relays =
        new OutboxRelaySchedule(fleet, wiring.outboxRelayHandler().orElse(null));
    wiring.activeFunctions().stream()
        .map(FunctionDefinition::name)
        .filter(wiring::runsOutboxRelay)
        .filter(f -> fleet.running(f).isPresent())
        .forEach(relays.relaying::add);
    relays.schedule.scheduleWithFixedDelay(relays::relayOutboxes, 1, 1, TimeUnit.SECONDS);
    return relays;
  }

  private void relayOutboxes() {
    for (String name : relaying) {
      fleet
          .running(name)
          .ifPresent(
              function -> {
                try {
                  function.invoke(handler, Map.of(), Duration.ofSeconds(30));
                } catch (FunctionStartException e) {
                  // The relay is the safety net (requests publish right after commit); say so once.
                  relaying.remove(name);
                  LOG.warn("{}: outbox relay not scheduled: {}", name, e.getMessage());
                } catch (RuntimeException e) {
                  LOG.warn("{}: outbox relay failed: {}", name, e.toString());
                }
              });
    }
  }

  @Override
  public void close() {
    schedule.shutdownNow();
  }
}
