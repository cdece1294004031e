package io.sac4cps.platform.outbox;

import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.sac4cps.platform.retention.RetentionPurge;
import io.sac4cps.platform.schedule.ScheduledWork;
import io.sac4cps.platform.telemetry.Tracing;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduled Lambda (same jar as the function) that drains what a request could not publish, for
 * example while the broker was down. Events are published from memory right after the commit that
 * recorded them ({@link Outbox}); this is the safety net. The same tick deletes expired rows
 * ({@link RetentionPurge}, decision 0012), and runs the function's {@link ScheduledWork} first, so
 * a function's housekeeping needs no schedule of its own. One failing piece of work does not stop
 * the others or the relay.
 */
public class OutboxRelayHandler extends MicronautRequestHandler<Map<String, Object>, String> {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelayHandler.class);

  @Inject OutboxRelay relay;
  @Inject RetentionPurge retention;
  @Inject List<ScheduledWork> scheduled;
  @Inject Tracing tracing;

  /** Lambda's constructor: starts the function's own application context. */
  public OutboxRelayHandler() {}

  /** Shares a running context, as the HTTP handler of the same jar does (and the local stack). */
  public OutboxRelayHandler(ApplicationContext context) {
    super(context);
  }

  @Override
  public String execute(Map<String, Object> input) {
    try {
      return run();
    } finally {
      // The relay's publish spans must leave before Lambda freezes the process (decision 0048).
      tracing.invocationEnded();
    }
  }

  private String run() {
    StringJoiner summary = new StringJoiner(", ");
    for (ScheduledWork work : scheduled) {
      try {
        summary.add(work.name() + " " + work.run());
      } catch (RuntimeException e) {
        // The next tick runs it again; the relay must not wait for it.
        LOG.warn("scheduled work {} failed", work.name(), e);
        summary.add(work.name() + " failed");
      }
    }
    summary.add("published " + relay.relayPending());
    return summary.add("expired " + retention.purgeExpired()).toString();
  }
}
