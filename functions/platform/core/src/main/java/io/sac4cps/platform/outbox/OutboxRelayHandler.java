package io.sac4cps.platform.outbox;

import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.sac4cps.platform.retention.RetentionPurge;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * A scheduled Lambda (same jar as the function) that drains what a request could not publish, for
 * example while the broker was down. Events are published from memory right after the commit that
 * recorded them ({@link Outbox}); this is the safety net. The same tick deletes expired rows
 * ({@link RetentionPurge}, decision 0012), so a function's housekeeping needs no schedule of its
 * own.
 */
public class OutboxRelayHandler extends MicronautRequestHandler<Map<String, Object>, String> {

  @Inject OutboxRelay relay;
  @Inject RetentionPurge retention;

  /** Lambda's constructor: starts the function's own application context. */
  public OutboxRelayHandler() {}

  /** Shares a running context, as the HTTP handler of the same jar does (and the local stack). */
  public OutboxRelayHandler(ApplicationContext context) {
    super(context);
  }

  @Override
  public String execute(Map<String, Object> input) {
    String published = "published " + relay.relayPending();
    return published + ", expired " + retention.purgeExpired();
  }
}
