package io.sac4cps.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

  @Test
  void carriesTextValuesAsTheyWere() {
    DeadLetter letter = letter("{not json".getBytes(StandardCharsets.UTF_8));

    assertThat(letter.body()).isEqualTo("{not json");
    assertThat(letter.encoding()).isEqualTo("text");
    assertThat(letter.reason().code()).isEqualTo("bad-json");
  }

  @Test
  void carriesBinaryValuesAsBase64SoSqsAcceptsThem() {
    byte[] binary = {0x00, (byte) 0xFF, 0x01};
    DeadLetter letter = letter(binary);

    assertThat(letter.encoding()).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(letter.body())).isEqualTo(binary);
  }

  @Test
  void keepsTheDetailShort() {
    DeadLetter letter =
        DeadLetter.of(
            "rooms",
            record("x".getBytes(StandardCharsets.UTF_8)),
            PoisonRecordException.schemaInvalid("v".repeat(5000)));

    assertThat(letter.detail()).hasSize(512);
  }

  private static DeadLetter letter(byte[] value) {
    return DeadLetter.of(
        "rooms", record(value), new PoisonRecordException(PoisonReason.BAD_JSON, "not JSON"));
  }

  private static KafkaRecord record(byte[] value) {
    return new KafkaRecord(
        "sensor.readings", 3, 42, "s-1", value, Base64.getEncoder().encodeToString(value));
  }
}
