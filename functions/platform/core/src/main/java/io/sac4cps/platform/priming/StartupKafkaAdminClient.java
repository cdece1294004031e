package io.sac4cps.platform.priming;

import io.micronaut.context.BeanContext;
import io.micronaut.context.BeanRegistration;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.apache.kafka.clients.admin.AdminClient;
import org.crac.Context;
import org.crac.Resource;

/**
 * micronaut-kafka 5.9 creates an {@link AdminClient} when the context starts, in every function
 * with a Kafka configuration: its {@code KafkaConsumerProcessor} (an eager bean) needs a consumer
 * group manager, which holds one, to delete the unique consumer groups of {@code @KafkaListener}s
 * at shutdown. No function has a listener (consumers are Lambda event handlers), so nothing uses
 * it, and 5.9 has no setting to leave it out (decision 0072). It connects to the broker at once; a
 * connection in the snapshot would be a stale socket in every restored instance and keep its
 * metadata refreshes running there. So it is closed before the checkpoint: its I/O thread ends and
 * its connections close; at shutdown the manager has no group to delete and does not call it.
 */
@Singleton
@Requires(classes = AdminClient.class)
public class StartupKafkaAdminClient implements Resource {
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final BeanContext beans;
  private volatile int closedAtCheckpoint;

  StartupKafkaAdminClient(BeanContext beans) {
    this.beans = beans;
  }

  /** Closes the admin clients the context made (without making one where none was). */
  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    int closed = 0;
    for (BeanRegistration<AdminClient> made : beans.getActiveBeanRegistrations(AdminClient.class)) {
      made.bean().close(CLOSE_TIMEOUT);
      closed++;
    }
    closedAtCheckpoint = closed;
  }

  /** How many admin clients the last checkpoint closed, for the snapshot checks. */
  public int closedAtCheckpoint() {
    return closedAtCheckpoint;
  }

  /** Nothing to take back: no function calls the admin client. */
  @Override
  public void afterRestore(Context<? extends Resource> context) {}
}
