package io.sac4cps.tasks;

import io.micronaut.context.annotation.Factory;
import io.sac4cps.contracts.wiring.Wiring;
import jakarta.inject.Singleton;

/** Beans made from the contracts. */
@Factory
public class TasksFactory {

  /** contracts/wiring.yaml as the jar carries it: the task kinds, their queues, the buckets. */
  @Singleton
  Wiring wiring() {
    return Wiring.load();
  }
}
