package io.sac4cps.identity.events;

import io.sac4cps.contracts.events.CloudEvent;
import io.sac4cps.contracts.events.Topics;
import io.sac4cps.contracts.events.UserRegistered;
import io.sac4cps.identity.domain.User;
import io.sac4cps.platform.outbox.Destination;
import io.sac4cps.platform.outbox.Outbox;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Records {@code user.registered.v1} for SNS topic {@code identity-events} in the registering
 * transaction, so the event exists exactly when the user does.
 */
@Singleton
public class UserRegisteredEvents {
  static final String FUNCTION = "identity";

  private final Outbox outbox;
  private final Clock clock;

  public UserRegisteredEvents(Outbox outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  /** Must run inside the transaction that inserted {@code user}. */
  public void record(User user) {
    CloudEvent<UserRegistered> event =
        CloudEvent.of(
            UserRegistered.TYPE,
            FUNCTION,
            user.id(),
            user.tenantId(),
            clock.instant(),
            new UserRegistered(
                user.id(), user.email().value(), user.name(), user.tenantId(), user.roles()));
    outbox.add(outbox.message(event.id(), Destination.sns(Topics.IDENTITY_EVENTS), null, event));
  }
}
