package io.sac4cps.platform.outbox;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's publisher thread for after-commit publishes that need not hold up the thread that
 * committed (a Kafka consumer's batch, decision 0075): one thread ({@value #THREAD}), one publish
 * in flight at a time, in commit order. Handing it a publish first waits for the previous one, so a
 * consumer's batch overlaps at most the publish of the batch before it and never piles publishes
 * up. {@link #awaitIdle} waits for what is in flight, so an invocation can end with nothing left to
 * freeze.
 */
@Singleton
public class BackgroundPublishing {
  /** The thread's name; the consumer benchmarks count its CPU as the consumer's. */
  public static final String THREAD = "outbox-after-commit";

  private static final Logger LOG = LoggerFactory.getLogger(BackgroundPublishing.class);

  // Created with its first publish (priming never commits one, so no snapshot holds it).
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          task -> Thread.ofPlatform().name(THREAD).daemon(true).unstarted(task));
  private Future<?> last = CompletableFuture.completedFuture(null);

  /** Publishes on the publisher thread once the publish before it is done. */
  synchronized void submit(Runnable publish) {
    awaitIdle();
    last = thread.submit(publish);
  }

  /** Waits until the publish in flight, if any, is done. */
  public synchronized void awaitIdle() {
    try {
      last.get();
    } catch (ExecutionException e) {
      // The publish logs its own failures; its rows stay for the scheduled relay.
      LOG.warn("outbox: a background publish failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @PreDestroy
  void close() {
    thread.shutdown();
  }
}
