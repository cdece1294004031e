package io.sac4cps.platform.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.platform.problem.Problem.FieldError;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract check on the requests issue 12 found accepted (or answered 500): each is refused
 * naming its field, with the limit the contract states; what the contract allows passes.
 */
class RequestContractTest {
  private static final RequestContract CONTRACT = RequestContract.load();

  private static List<FieldError> post(String path, String body) {
    return CONTRACT.violations(
        new RequestContract.Request(
            "POST", path, name -> null, Optional.of("application/json"), Optional.of(body)));
  }

  private static List<FieldError> get(String path, Map<String, String> query) {
    return CONTRACT.violations(
        new RequestContract.Request(
            "GET",
            path,
            name -> query.containsKey(name) ? List.of(query.get(name)) : null,
            Optional.empty(),
            Optional.empty()));
  }

  private static List<String> fields(List<FieldError> errors) {
    return errors.stream().map(FieldError::field).toList();
  }

  @Test
  void aValidRoomPasses() {
    assertThat(post("/rooms", "{\"name\":\"A\",\"building\":\"HQ\",\"floor\":-20,\"capacity\":0}"))
        .isEmpty();
  }

  @Test
  void nulCharactersAreRefusedNamingTheField() {
    assertThat(fields(post("/rooms", "{\"name\":\"a\\u0000b\",\"building\":\"HQ\",\"floor\":1}")))
        .containsExactly("name");
    assertThat(fields(get("/rooms", Map.of("building", "H\u0000Q")))).containsExactly("building");
    assertThat(fields(get("/sensors/a\u0000b", Map.of()))).containsExactly("id");
  }

  @Test
  void unpairedSurrogatesAreRefused() {
    assertThat(fields(post("/rooms", "{\"name\":\"\\ud800\",\"building\":\"HQ\",\"floor\":1}")))
        .containsExactly("name");
  }

  @Test
  void nullRolesAreRefused() {
    assertThat(post("/clients", "{\"name\":\"gw\",\"roles\":[null]}"))
        .containsExactly(new FieldError("roles", "item 0 must not be null"));
  }

  @Test
  void sensorLimitsAreTheContractsId() {
    String id65 = "a".repeat(65);
    assertThat(
            fields(
                post(
                    "/sensors",
                    "{\"id\":\""
                        + id65
                        + "\",\"roomId\":\"../etc passwd\",\"type\":\"co2\",\"unit\":\""
                        + "u".repeat(17)
                        + "\"}")))
        .containsExactly("id", "roomId", "unit");
    assertThat(
            post(
                "/sensors",
                "{\"id\":\""
                    + "a".repeat(64)
                    + "\",\"roomId\":\"r\",\"type\":\"co2\",\"unit\":\""
                    + "u".repeat(16)
                    + "\"}"))
        .isEmpty();
  }

  @Test
  void valuesAreNotCoerced() {
    assertThat(
            fields(
                post(
                    "/sensors/data",
                    "{\"sensorId\":\"s\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":true}")))
        .containsExactly("value");
    assertThat(
            fields(
                post(
                    "/sensors/data",
                    "{\"readings\":[{\"sensorId\":\"s\",\"timestamp\":\"2026-01-01T00:00:00Z\","
                        + "\"value\":\"7\"}]}")))
        .containsExactly("readings[0].value");
    assertThat(
            fields(
                post(
                    "/sensors/data",
                    "{\"sensorId\":\"s\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":1e400}")))
        .containsExactly("value");
  }

  @Test
  void nullsBoundsAndUnknownFieldsAreRefused() {
    assertThat(
            fields(
                post(
                    "/rooms",
                    "{\"name\":\"A\",\"building\":\"HQ\",\"floor\":-21,\"capacity\":null,"
                        + "\"colour\":\"red\"}")))
        .containsExactlyInAnyOrder("floor", "capacity", "colour");
    assertThat(fields(get("/rooms", Map.of("floor", "-1623")))).containsExactly("floor");
  }

  @Test
  void queryValuesMustHaveTheirType() {
    assertThat(get("/rooms", Map.of("limit", "abc")))
        .containsExactly(new FieldError("limit", "must be an integer"));
    assertThat(get("/rooms", Map.of("limit", "100"))).isEmpty();
    assertThat(fields(get("/rooms/r-1/history", Map.of()))).containsExactly("metric");
  }

  @Test
  void aBodyThatIsNotJsonNamesTheBody() {
    assertThat(post("/rooms", "{\"name\":"))
        .containsExactly(new FieldError("body", "is not valid JSON"));
  }

  private static List<FieldError> createTask(String contentType, List<String> keys) {
    return CONTRACT.violations(
        new RequestContract.Request(
            "POST",
            "/tasks",
            name -> null,
            name -> name.equals("Idempotency-Key") ? keys : List.of(),
            Optional.ofNullable(contentType),
            Optional.of(
                "{\"kind\":\"sensor-data-export\",\"params\":{\"sensorId\":\"s-1\","
                    + "\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-02-01T00:00:00Z\"}}")));
  }

  @Test
  void aBodyIsJsonInUtf8WithOrWithoutItsContentType() {
    assertThat(createTask("application/json; charset=UTF-8", List.of())).isEmpty();
    assertThat(createTask(null, List.of())).isEmpty();
    assertThat(fields(createTask("application/json; charset=latin1", List.of())))
        .containsExactly("Content-Type");
    assertThat(fields(createTask("text/plain", List.of()))).containsExactly("Content-Type");
  }

  @Test
  void aDeclaredHeaderIsCheckedAgainstItsSchemaAndGivenOnce() {
    assertThat(createTask("application/json", List.of("k-1"))).isEmpty();
    assertThat(fields(createTask("application/json", List.of("k".repeat(256)))))
        .containsExactly("Idempotency-Key");
    assertThat(fields(createTask("application/json", List.of("k-1", "k-2"))))
        .containsExactly("Idempotency-Key");
  }
}
