package io.sac4cps.rooms.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.rooms.domain.Limits;
import io.sac4cps.rooms.domain.Metric;
import org.junit.jupiter.api.Test;

class ThresholdsBodyTest {
  private final JsonMapper json = JsonMapper.createDefault();

  @Test
  void readsTheContractSeedExample() throws Exception {
    var thresholds =
        ThresholdsBody.parse(
            json.readValue(
                "{\"temperature\":{\"min\":18,\"max\":26},\"co2\":{\"max\":1000}}",
                JsonNode.class));

    assertThat(thresholds)
        .containsEntry(Metric.TEMPERATURE, new Limits(18.0, 26.0))
        .containsEntry(Metric.CO2, new Limits(null, 1000.0))
        .hasSize(2);
  }

  @Test
  void anEmptyObjectRemovesEveryThreshold() throws Exception {
    assertThat(ThresholdsBody.parse(json.readValue("{}", JsonNode.class))).isEmpty();
  }

  @Test
  void namesEveryFieldAtFault() throws Exception {
    JsonNode body =
        json.readValue(
            "{\"pressure\":{\"max\":1},\"co2\":{},\"temperature\":{\"min\":26,\"max\":18},"
                + "\"humidity\":{\"max\":\"high\"},\"light\":{\"avg\":3}}",
            JsonNode.class);

    assertThatThrownBy(() -> ThresholdsBody.parse(body))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e ->
                assertThat(e.errors())
                    .extracting("field")
                    .containsExactlyInAnyOrder(
                        "pressure", "co2", "temperature.min", "humidity.max", "light.avg"));
  }
}
