package io.sac4cps.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnsFilterPolicyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode attributes(String... nameTypeValue) {
    Map<String, SnsMessageAttribute> attributes = new LinkedHashMap<>();
    for (int i = 0; i < nameTypeValue.length; i += 3) {
      attributes.put(
          nameTypeValue[i],
          new SnsMessageAttribute(nameTypeValue[i + 1], nameTypeValue[i + 2], null));
    }
    return SnsFilterPolicy.attributesAsJson(attributes);
  }

  @ParameterizedTest(name = "{0} on {1}={2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"type\":[\"alert.raised\"]}                          | String | alert.raised  | true",
        "{\"type\":[\"alert.raised\"]}                          | String | alert.resolved | false",
        "{\"type\":[\"alert.raised\",\"alert.resolved\"]}       | String | alert.resolved | true",
        "{\"type\":[{\"prefix\":\"alert.\"}]}                   | String | alert.raised  | true",
        "{\"type\":[{\"prefix\":\"alert.\"}]}                   | String | user.created  | false",
        "{\"type\":[{\"suffix\":\".raised\"}]}                  | String | alert.raised  | true",
        "{\"type\":[{\"equals-ignore-case\":\"ALERT.RAISED\"}]} | String | alert.raised  | true",
        "{\"type\":[{\"anything-but\":\"alert.raised\"}]}       | String | alert.resolved | true",
        "{\"type\":[{\"anything-but\":[\"a\",\"alert.raised\"]}]} | String | alert.raised | false",
        "{\"type\":[{\"anything-but\":{\"prefix\":\"alert\"}}]} | String | alert.raised  | false",
        "{\"type\":[{\"exists\":true}]}                         | String | anything      | true",
        "{\"other\":[{\"exists\":false}]}                       | String | anything      | true",
        "{\"other\":[{\"exists\":true}]}                        | String | anything      | false",
        "{\"other\":[{\"anything-but\":\"x\"}]}                 | String | anything      | false",
        "{\"type\":[5]}                                         | Number | 5.0           | true",
        "{\"type\":[5]}                                         | String | 5             | false",
        "{\"type\":[{\"numeric\":[\">\",0,\"<=\",100]}]}        | Number | 100           | true",
        "{\"type\":[{\"numeric\":[\">\",0,\"<=\",100]}]}        | Number | 100.5         | false",
        "{\"type\":[{\"numeric\":[\"=\",7]}]}                   | Number | 7             | true",
        "{\"type\":[\"b\"]}                                     | String.Array | [\"a\",\"b\"] | true",
        "{\"type\":[\"c\"]}                                     | String.Array | [\"a\",\"b\"] | false",
      })
  void matchesMessageAttributesAsSnsDoes(
      String policy, String dataType, String value, boolean expected) {
    assertThat(SnsFilterPolicy.parse(policy).matches(attributes("type", dataType, value)))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"data\":{\"metric\":[\"co2\"]}}                   | {\"data\":{\"metric\":\"co2\"}}   | true",
        "{\"data\":{\"metric\":[\"co2\"]}}                   | {\"data\":{\"metric\":\"temp\"}}  | false",
        "{\"data\":{\"value\":[{\"numeric\":[\">=\",1000]}]}} | {\"data\":{\"value\":1200}}       | true",
        "{\"$or\":[{\"a\":[\"x\"]},{\"b\":[\"y\"]}]}         | {\"b\":\"y\"}                     | true",
        "{\"$or\":[{\"a\":[\"x\"]},{\"b\":[\"y\"]}]}         | {\"b\":\"z\"}                     | false",
        "{\"a\":[\"x\"],\"b\":[\"y\"]}                       | {\"a\":\"x\"}                     | false",
      })
  void matchesNestedMessageBodies(String policy, String body, boolean expected) throws Exception {
    assertThat(SnsFilterPolicy.parse(policy).matches(JSON.readTree(body))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "not json",
        "[]",
        "{\"a\":\"x\"}",
        "{\"a\":[{\"regex\":\"x\"}]}",
        "{\"a\":[{\"numeric\":[\">\"]}]}",
        "{\"a\":[{\"exists\":\"yes\"}]}",
      })
  void rejectsPoliciesSnsRejects(String policy) {
    assertThatThrownBy(() -> SnsFilterPolicy.parse(policy))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
