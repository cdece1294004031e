package io.sac4cps.tasks;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.sac4cps.contracts.wiring.TaskKind;
import io.sac4cps.contracts.wiring.Wiring;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * The wiring these tests run tasks with: the kinds of sensors and rooms are {@code status: planned}
 * until those owners' runners are deployed, and a planned kind is refused; here the tests play
 * their owners on the real protocol (work from SQS, reports on Kafka), so those two kinds run.
 * analytics-report stays planned, to test the refusal. Delete once the wiring un-plans the kinds.
 */
@Factory
class OwnersPlayedByTheTests {
  static final Set<String> PLAYED = Set.of("sensor-data-export", "room-rollup-rebuild");

  @Singleton
  @Replaces(value = Wiring.class, factory = TasksFactory.class)
  Wiring wiring() {
    Wiring wiring = Wiring.load();
    return new Wiring(
        wiring.functions(),
        wiring.topics(),
        wiring.queues(),
        wiring.kafkaTopics(),
        wiring.buckets(),
        wiring.taskKinds().stream()
            .map(
                k ->
                    new TaskKind(
                        k.kind(),
                        k.owner(),
                        k.queue(),
                        k.maxAttempts(),
                        k.progressTimeoutSeconds(),
                        k.planned() && !PLAYED.contains(k.kind())))
            .toList(),
        wiring.outboxRelayHandler());
  }
}
