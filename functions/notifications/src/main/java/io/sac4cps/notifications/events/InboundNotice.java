package io.sac4cps.notifications.events;

import io.sac4cps.platform.consumer.InboundEvent;

/**
 * A consumed event, checked, with the CloudEvent JSON the event log keeps for GET /events.
 *
 * @param data the event's data record, by type: {@code AlertRaised}, {@code UserRegistered}, …
 */
public record InboundNotice(InboundEvent event, Object data, String json) {}
