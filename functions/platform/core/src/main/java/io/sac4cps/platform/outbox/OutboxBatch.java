package io.sac4cps.platform.outbox;

import java.util.List;

/**
 * One outbox row: the messages for one destination that one transaction recorded. {@link
 * Outbox#addAll} returns them so the caller can hand them to {@link OutboxRelay#publishCommitted}
 * after its commit, without reading them back.
 */
public record OutboxBatch(long seq, Destination destination, List<OutboxMessage> messages) {

  public OutboxBatch {
    messages = List.copyOf(messages);
  }
}
