package io.sac4cps.notifications.channels;

import io.sac4cps.notifications.domain.Channel;
import io.sac4cps.notifications.domain.Outcome;
import io.sac4cps.notifications.store.DeliveryStore.Job;

/**
 * Makes one attempt at a claimed delivery over one channel. Never throws: failures are outcomes.
 */
public interface ChannelSender {
  Channel channel();

  Outcome send(Job job);
}
