package io.sac4cps.platform.outbox;

import java.util.List;

/**
 * One outbox row: the messages for one destination that one transaction recorded. {@link
 * Outbox#addAll} keeps them in memory so that {@link OutboxRelay#publishCommitted} publishes them
 * after the commit without reading them back.
 */
public record OutboxBatch(long seq, Destination destination, List<OutboxMessage> messages) {

  public OutboxBatch {
    messages = List.copyOf(messages);
  }
}
