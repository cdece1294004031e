package io.sac4cps.platform.tasks;

import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.platform.resilience.DependencyUnavailable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A task kind for the tests: {@code steps} steps of {@code stepMillis} each, every one recorded in
 * {@code it_task_step} (not idempotently: a step done twice shows as two rows) with a checkpoint
 * after each. {@code fail: true} makes every attempt throw; {@code refusedRuns: n} makes the first
 * n runs meet an open circuit breaker (S3 down, say) before any step; a latch in {@link
 * #blockBefore} makes the run hang before that step, as a worker that died would.
 */
final class StepsRunner implements TaskRunner {
  static final String KIND = "it-steps";

  /** Task id → the runs made so far, for {@code refusedRuns}. */
  static final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

  /** Task id → the step it hangs before, until the latch opens (never, in practice). */
  static final Map<String, Block> blockBefore = new ConcurrentHashMap<>();

  /** Hang before {@code step} until {@code latch} opens; {@code reached} opens when one does. */
  record Block(int step, CountDownLatch latch, CountDownLatch reached) {
    Block(int step, CountDownLatch latch) {
      this(step, latch, new CountDownLatch(1));
    }
  }

  @Serdeable
  record Position(int next) {}

  private final Supplier<Connection> connections;

  StepsRunner(String jdbcUrl, String user, String password) {
    this.connections =
        () -> {
          try {
            return DriverManager.getConnection(jdbcUrl, user, password);
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        };
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public TaskResult run(TaskContext task) throws Exception {
    int steps = ((Number) task.params().get("steps")).intValue();
    long stepMillis = ((Number) task.params().getOrDefault("stepMillis", 0)).longValue();
    Object refused = task.params().get("refusedRuns");
    if (refused != null
        && runs.computeIfAbsent(task.taskId(), id -> new AtomicInteger()).incrementAndGet()
            <= ((Number) refused).intValue()) {
      throw new DependencyUnavailable("aws_s3", Duration.ofSeconds(30));
    }
    if (Boolean.TRUE.equals(task.params().get("fail"))) {
      throw new IllegalStateException("attempt " + task.attempt() + " broke on purpose");
    }
    int next = task.checkpoint(Position.class).map(Position::next).orElse(0);
    for (int step = next; step < steps; step++) {
      Block block = blockBefore.get(task.taskId());
      if (block != null && block.step() == step) {
        block.reached().countDown();
        block.latch().await();
      }
      Thread.sleep(stepMillis);
      record(task, step);
      task.progress(step + 1, (long) steps, "step " + (step + 1));
      task.checkpoint(new Position(step + 1));
    }
    return TaskResult.of(steps + " steps");
  }

  @Override
  public void discard(TaskContext task) throws SQLException {
    try (Connection c = connections.get();
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO it_task_discard (task_id, next) VALUES (?, ?)")) {
      insert.setString(1, task.taskId());
      insert.setInt(2, task.checkpoint(Position.class).map(Position::next).orElse(-1));
      insert.executeUpdate();
    }
  }

  private void record(TaskContext task, int step) throws SQLException {
    try (Connection c = connections.get();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO it_task_step (task_id, step, attempt) VALUES (?, ?, ?)")) {
      insert.setString(1, task.taskId());
      insert.setInt(2, step);
      insert.setInt(3, task.attempt());
      insert.executeUpdate();
    }
  }
}
