package io.sac4cps.platform.outbox;

import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * A scheduled Lambda (same jar as the function) that drains what a request could not publish, for
 * example while the broker was down. Events are published from memory right after the commit that
 * recorded them ({@link Outbox}); this is the safety net.
 */
public class OutboxRelayHandler extends MicronautRequestHandler<Map<String, Object>, String> {

  @Inject OutboxRelay relay;

  /** Lambda's constructor: starts the function's own application context. */
  public OutboxRelayHandler() {}

  /** Shares a running context, as the HTTP handler of the same jar does (and the local stack). */
  public OutboxRelayHandler(ApplicationContext context) {
    super(context);
  }

  @Override
  public String execute(Map<String, Object> input) {
    return "published " + relay.relayPending();
  }
}
