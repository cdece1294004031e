package io.sac4cps.platform.priming;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.sac4cps.platform.outbox.KafkaOutboxPublisher;
import io.sac4cps.platform.snapshot.Primer;
import io.sac4cps.platform.snapshot.SnapshotHooks;
import java.util.ArrayList;
import java.util.List;
import org.crac.Resource;

/**
 * Registers a Micronaut function's SnapStart hooks when its context starts (decision 0022): every
 * {@link Primer} bean primes before the snapshot, then the pooled database connections and any
 * Kafka outbox producer are let go ({@link PooledConnections}, {@link KafkaOutboxPublisher}) and
 * taken back after the restore, and micronaut-kafka's unused admin client is closed ({@link
 * StartupKafkaAdminClient}). A function adds its priming by declaring one {@code Primer} bean;
 * {@code sac4cps.priming.enabled=false} turns priming off (the benchmark's comparison), not the
 * connection handling.
 */
@Context
public class FunctionSnapshotHooks {
  private final SnapshotHooks hooks;

  FunctionSnapshotHooks(
      List<Primer> primers,
      @Nullable PrimingRequests requests,
      PooledConnections connections,
      @Nullable KafkaOutboxPublisher kafkaOutbox,
      @Nullable StartupKafkaAdminClient kafkaAdmin,
      @Value("${" + SnapshotHooks.PRIMING_PROPERTY + ":true}") boolean priming) {
    // Held here, by a singleton of the context: org.crac keeps registered resources weakly.
    List<Resource> held = new ArrayList<>();
    if (requests != null) {
      held.add(requests);
    }
    held.add(connections);
    if (kafkaOutbox != null) {
      held.add(kafkaOutbox);
    }
    if (kafkaAdmin != null) {
      held.add(kafkaAdmin);
    }
    this.hooks = SnapshotHooks.register(primers, held, priming);
  }

  /** The registered hooks: tests and the benchmark run them as SnapStart would. */
  public SnapshotHooks hooks() {
    return hooks;
  }
}
