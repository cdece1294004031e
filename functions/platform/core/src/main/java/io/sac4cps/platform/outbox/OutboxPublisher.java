package io.sac4cps.platform.outbox;

import java.util.List;
import java.util.Set;

/** Sends outbox messages of one {@link Destination.Kind} to its broker. */
public interface OutboxPublisher {

  Destination.Kind kind();

  /**
   * Publishes the messages (in order per key) and returns the ids the broker acknowledged. Ids not
   * returned stay in the outbox and are retried; a failure must not throw.
   */
  Set<String> publish(List<OutboxMessage> messages);
}
