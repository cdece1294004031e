package io.sac4cps.notifications.domain;

import java.time.Instant;

/**
 * Why notifications are made: a consumed event (its id, type and subject) or a send request (its
 * id, no type). The id keys the inbox rows and deliveries it makes, so the same cause can never
 * make them twice.
 */
public record Cause(String tenantId, String id, String eventType, String subject, Instant at) {

  public static Cause send(String tenantId, String id, Instant at) {
    return new Cause(tenantId, id, null, null, at);
  }
}
