package io.sac4cps.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.contracts.wiring.Wiring;
import org.junit.jupiter.api.Test;

/** CDK and the local stack schedule the relay by the name the wiring gives: it must be this one. */
class OutboxRelayHandlerWiringTest {

  @Test
  void theWiringNamesThisHandlerAsTheOutboxRelay() {
    assertThat(Wiring.load().outboxRelayHandler()).contains(OutboxRelayHandler.class.getName());
  }
}
