package io.sac4cps.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloudEventReaderTest {
  private static final String EVENT =
      """
      {"specversion":"1.0","id":"e-1","source":"/sac4cps/sensors","type":"sensor.reading.recorded.v1",
       "time":"2025-03-04T09:15:03Z","subject":"co2-101","datacontenttype":"application/json",
       "tenantid":"t-acme","data":{"sensorId":"co2-101","value":1180.5}}
      """;

  private final CloudEventReader reader = new CloudEventReader(JsonMapper.createDefault());

  @Test
  void readsTheEnvelopeAndKeepsDataAsATree() {
    InboundEvent event = reader.read(EVENT.getBytes(StandardCharsets.UTF_8));

    assertThat(event.id()).isEqualTo("e-1");
    assertThat(event.type()).isEqualTo("sensor.reading.recorded.v1");
    assertThat(event.tenantId()).isEqualTo("t-acme");
    assertThat(event.subject()).isEqualTo("co2-101");
    assertThat(event.time()).isEqualTo(Instant.parse("2025-03-04T09:15:03Z"));
    assertThat(event.data().get("value").getDoubleValue()).isEqualTo(1180.5);
  }

  @Test
  void theEventsTraceparentIsItsTraceUnlessTheSnsNotificationCarriesThePublishers() {
    String traced =
        EVENT.replace(
            "\"tenantid\":\"t-acme\",",
            "\"tenantid\":\"t-acme\",\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\",");
    assertThat(reader.read(traced.getBytes(StandardCharsets.UTF_8)).trace().traceparent())
        .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    assertThat(reader.read(EVENT.getBytes(StandardCharsets.UTF_8)).trace()).isNull();

    String notification =
        "{\"Type\":\"Notification\",\"Message\":"
            + JsonText.quote(traced)
            + ",\"MessageAttributes\":{\"traceparent\":{\"Type\":\"String\",\"Value\":"
            + "\"00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01\"}}}";
    assertThat(reader.readSqsBody(notification).trace().traceparent())
        .as("the publish span's context, from the notification's attributes")
        .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01");
  }

  /** A JSON string literal of {@code text}. */
  private static final class JsonText {
    static String quote(String text) {
      return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{not json                                          | BAD_JSON",
        "''                                                 | BAD_JSON",
        "[1,2]                                              | NOT_A_CLOUDEVENT",
        "{\"specversion\":\"0.3\",\"id\":\"x\"}             | NOT_A_CLOUDEVENT",
        "{\"specversion\":\"1.0\",\"source\":\"/s\",\"type\":\"t.v1\",\"tenantid\":\"t\",\"data\":{}} | NOT_A_CLOUDEVENT",
        "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/s\",\"type\":\"t.v1\",\"data\":{}} | NOT_A_CLOUDEVENT",
        "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/s\",\"type\":\"t.v1\",\"tenantid\":\"t\",\"data\":7} | NOT_A_CLOUDEVENT",
        "{\"specversion\":\"1.0\",\"id\":7,\"source\":\"/s\",\"type\":\"t.v1\",\"tenantid\":\"t\",\"data\":{}} | NOT_A_CLOUDEVENT",
        "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/s\",\"type\":\"t.v1\",\"tenantid\":\"t\",\"time\":\"noon\",\"data\":{}} | NOT_A_CLOUDEVENT",
        "{\"specversion\":\"0.3\",\"data\":{\"a\":[1,}}      | BAD_JSON",
        "{\"specversion\":\"1.0\"} {}                       | BAD_JSON",
        "null                                               | BAD_JSON",
      })
  void rejectsWhatIsNotACloudEventWithTheReason(String value, PoisonReason reason) {
    assertThatThrownBy(() -> reader.read(value.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            PoisonRecordException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void readsAKafkaValueAsTheTreeOfTheSameJsonReadsIt() throws Exception {
    String value =
        EVENT.replace(
            "\"data\":{\"sensorId\":\"co2-101\",\"value\":1180.5}",
            "\"data\":{\"sensorId\":\"ûñï-101\",\"value\":1180.5,\"count\":3,"
                + "\"big\":12345678901,\"huge\":123456789012345678901234567890,\"on\":true,"
                + "\"off\":false,\"none\":null,\"list\":[1,\"a\",{\"b\":[]}]},"
                + "\"extra\":{\"ignored\":[1,2]},\"id\":\"e-2\"");
    JsonMapper json = JsonMapper.createDefault();

    InboundEvent streamed = reader.read(value.getBytes(StandardCharsets.UTF_8));
    InboundEvent tree = reader.readSqsBody(value);

    assertThat(streamed.id()).as("the last of a repeated attribute, as in a tree").isEqualTo("e-2");
    assertThat(streamed).usingRecursiveComparison().ignoringFields("data").isEqualTo(tree);
    assertThat(json.writeValueAsString(streamed.data()))
        .isEqualTo(json.writeValueAsString(tree.data()));
    assertThat(streamed.data().get("sensorId").getStringValue()).isEqualTo("ûñï-101");
    assertThat(streamed.data().get("big").getLongValue()).isEqualTo(12345678901L);
  }

  @Test
  void rejectsBytesThatAreNotUtf8() {
    assertThatThrownBy(() -> reader.read(new byte[] {(byte) 0xC3, (byte) 0x28}))
        .isInstanceOfSatisfying(
            PoisonRecordException.class,
            e -> assertThat(e.reason()).isEqualTo(PoisonReason.BAD_JSON));
  }

  @Test
  void unwrapsAnSnsNotificationInAnSqsBody() throws Exception {
    String notification =
        JsonMapper.createDefault()
            .writeValueAsString(
                java.util.Map.of(
                    "Type", "Notification", "MessageId", "m-1", "Message", EVENT.strip()));

    InboundEvent event = reader.readSqsBody(notification);

    assertThat(event.id()).isEqualTo("e-1");
    assertThat(event.tenantId()).isEqualTo("t-acme");
  }

  @Test
  void readsARawCloudEventSqsBody() {
    assertThat(reader.readSqsBody(EVENT).type()).isEqualTo("sensor.reading.recorded.v1");
  }
}
