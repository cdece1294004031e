package io.sac4cps.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackedMessagesTest {
  private static final Destination READINGS = Destination.kafka("sensor.readings");

  @Test
  void messagesComeBackAsTheyWereStoredNullKeysAndNonAsciiIncluded() {
    List<OutboxMessage> messages =
        List.of(
            message("id-1", "s-1", "{\"unit\":\"°C\",\"v\":21.5}"),
            message("id-2", null, "{}"),
            message("id-3", "", "{\"name\":\"Zoë ☃\"}"));

    assertThat(PackedMessages.unpack(PackedMessages.pack(messages), READINGS))
        .containsExactlyElementsOf(messages);
  }

  @Test
  void aBatchOfSimilarEventsIsStoredCompressed() {
    List<OutboxMessage> messages = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      messages.add(
          message(
              "event-" + i,
              "s-" + i % 10,
              "{\"specversion\":\"1.0\",\"type\":\"sensor.reading.recorded.v1\",\"data\":{\"value\":"
                  + i
                  + "}}"));
    }
    int plain =
        messages.stream()
            .mapToInt(m -> m.id().length() + m.key().length() + m.payload().length)
            .sum();

    byte[] packed = PackedMessages.pack(messages);

    assertThat(packed.length).isLessThan(plain / 3);
    assertThat(PackedMessages.unpack(packed, READINGS)).containsExactlyElementsOf(messages);
  }

  private static OutboxMessage message(String id, String key, String payload) {
    return new OutboxMessage(id, READINGS, key, payload.getBytes(StandardCharsets.UTF_8));
  }
}
