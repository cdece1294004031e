package io.sac4cps.platform.tasks;

import io.micronaut.context.env.Environment;
import io.sac4cps.contracts.wiring.TaskKind;
import io.sac4cps.contracts.wiring.Wiring;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The wiring's {@code taskKinds} (owner, work queue, maxAttempts) as this function runs them.
 * {@code sac4cps.tasks.kinds.<kind>.queue|max-attempts|owner} override an entry, or define a kind
 * the wiring lacks: tests run on queues of their own and with kinds of their own.
 */
@Singleton
public class TaskKinds {
  private static final String PREFIX = "sac4cps.tasks.kinds.";

  private final Wiring wiring;
  private final Environment environment;

  public TaskKinds(Environment environment) {
    this.wiring = Wiring.load();
    this.environment = environment;
  }

  /** The kind's settings, or empty when neither the wiring nor the configuration has it. */
  public Optional<TaskKind> kind(String kind) {
    Optional<TaskKind> wired = wiring.taskKind(kind);
    Optional<String> queue = property(kind, "queue");
    if (wired.isEmpty() && queue.isEmpty()) {
      return Optional.empty();
    }
    String owner = property(kind, "owner").or(() -> wired.map(TaskKind::owner)).orElse("tests");
    int maxAttempts =
        property(kind, "max-attempts")
            .map(Integer::parseInt)
            .orElseGet(() -> wired.map(TaskKind::maxAttempts).orElse(3));
    return Optional.of(
        new TaskKind(
            kind,
            owner,
            queue.orElseGet(() -> wired.orElseThrow().queue()),
            maxAttempts,
            wired.map(TaskKind::progressTimeoutSeconds).orElse(300),
            false));
  }

  private Optional<String> property(String kind, String name) {
    return environment.getProperty(PREFIX + kind + "." + name, String.class);
  }
}
