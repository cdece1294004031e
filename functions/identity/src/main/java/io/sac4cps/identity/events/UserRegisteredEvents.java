package io.sac4cps.identity.events;

import io.sac4cps.identity.domain.User;
import io.sac4cps.platform.outbox.Destination;
import io.sac4cps.platform.outbox.Outbox;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Records {@code user.registered.v1} for SNS topic {@code identity-events} in the registering
 * transaction (contracts/events/user.registered/v1.schema.json).
 */
@Singleton
public class UserRegisteredEvents {
  public static final String TOPIC = "identity-events";
  public static final String TYPE = "user.registered.v1";
  public static final String SOURCE = "/sac4cps/identity";

  private final Outbox outbox;

  public UserRegisteredEvents(Outbox outbox) {
    this.outbox = outbox;
  }

  /** Must run inside the transaction that inserted {@code user}. */
  public void record(User user) {
    String eventId = UUID.randomUUID().toString();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("userId", user.id());
    data.put("email", user.email().value());
    data.put("name", user.name());
    data.put("tenantId", user.tenantId());
    data.put("roles", user.roles());
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("specversion", "1.0");
    event.put("id", eventId);
    event.put("source", SOURCE);
    event.put("type", TYPE);
    event.put("time", user.createdAt().toString());
    event.put("subject", user.id());
    event.put("datacontenttype", "application/json");
    event.put("tenantid", user.tenantId());
    event.put("data", data);
    outbox.add(outbox.message(eventId, Destination.sns(TOPIC), null, event));
  }
}
