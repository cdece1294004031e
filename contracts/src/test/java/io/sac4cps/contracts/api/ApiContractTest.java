package io.sac4cps.contracts.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sac4cps.contracts.InvalidContractException;
import io.sac4cps.contracts.wiring.FunctionDefinition;
import io.sac4cps.contracts.wiring.Wiring;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiContractTest {

  private static final ApiContract CONTRACT = ApiContract.load();
  private static final Set<String> ROLES = Set.of("admin", "operator", "viewer", "device");
  private static final Wiring WIRING = Wiring.load();

  @Test
  void classpathCopyIsTheSourceFile() {
    assertThat(CONTRACT.operations())
        .isEqualTo(ApiContract.load(Path.of("openapi.yaml")).operations());
  }

  @Test
  void everyRouteOfTheArchitectureIsDeclaredWithItsFunction() {
    List<String> routes =
        CONTRACT.operations().stream()
            .map(o -> o.method() + " " + o.path() + " " + o.function())
            .toList();

    assertThat(routes)
        .containsExactlyInAnyOrder(
            "GET /health gateway",
            "POST /auth/register identity",
            "POST /auth/login identity",
            "POST /auth/token identity",
            "GET /users/me identity",
            "GET /users identity",
            "POST /clients identity",
            "GET /.well-known/jwks.json identity",
            "GET /.well-known/openid-configuration identity",
            "POST /sensors sensors",
            "GET /sensors sensors",
            "GET /sensors/{id} sensors",
            "POST /sensors/data sensors",
            "GET /sensors/{id}/data sensors",
            "POST /rooms rooms",
            "GET /rooms rooms",
            "GET /rooms/{id} rooms",
            "GET /rooms/{id}/metrics rooms",
            "GET /rooms/{id}/history rooms",
            "PUT /rooms/{id}/thresholds rooms",
            "POST /alerts/{alertId}/ack rooms",
            "GET /analytics/summary analytics",
            "GET /analytics/trends analytics",
            "POST /analytics/reports analytics",
            "GET /analytics/reports/{id} analytics",
            "POST /notifications/send notifications",
            "GET /events notifications",
            "GET /notifications notifications",
            "POST /notifications/read notifications",
            "POST /notifications/{id}/read notifications",
            "GET /notifications/preferences notifications",
            "PUT /notifications/preferences notifications",
            "POST /tasks tasks",
            "GET /tasks tasks",
            "GET /tasks/{id} tasks",
            "PUT /tasks/{id}/cancel tasks",
            "GET /tasks/{id}/download tasks");
  }

  @Test
  void everyOperationHasAUniqueIdRolesAndAThrottle() {
    assertThat(CONTRACT.operations())
        .allSatisfy(
            o -> {
              assertThat(o.operationId()).matches("[a-z][A-Za-z]+");
              assertThat(ROLES).containsAll(o.roles());
              assertThat(o.throttle().burstLimit())
                  .isGreaterThanOrEqualTo((int) o.throttle().rateLimit());
            });
    assertThat(CONTRACT.operations().stream().map(Operation::operationId).distinct())
        .hasSameSizeAs(CONTRACT.operations());
  }

  @Test
  void publicOperationsAreExactlyHealthRegistrationLoginTokenAndKeyDiscovery() {
    assertThat(CONTRACT.operations().stream().filter(o -> !o.secured()).map(Operation::operationId))
        .containsExactlyInAnyOrder(
            "getHealth", "register", "login", "issueToken", "getJwks", "getOpenidConfiguration");
    assertThat(CONTRACT.operations())
        .allSatisfy(o -> assertThat(o.roles().isEmpty()).isEqualTo(!o.secured()));
  }

  @Test
  void deviceMayOnlyRecordReadings() {
    assertThat(CONTRACT.operations().stream().filter(o -> o.allows("device")))
        .extracting(o -> o.method() + " " + o.path())
        .containsExactly("POST /sensors/data");
  }

  @Test
  void operationsOfModulesNotBuiltYetArePlanned() {
    assertThat(CONTRACT.operations())
        .filteredOn(
            o ->
                !o.function().equals(Operation.GATEWAY)
                    && WIRING.function(o.function()).orElseThrow().planned())
        .allSatisfy(o -> assertThat(o.planned()).as(o.operationId()).isTrue());
    // Every operation of a built function is served (analytics' reports were the last planned).
    assertThat(CONTRACT.operations())
        .filteredOn(
            o ->
                o.planned()
                    && !o.function().equals(Operation.GATEWAY)
                    && !WIRING.function(o.function()).orElseThrow().planned())
        .extracting(Operation::operationId)
        .isEmpty();
    List<String> served =
        WIRING.activeFunctions().stream()
            .filter(f -> f.role() != FunctionDefinition.Role.AUTHORIZER)
            .map(FunctionDefinition::name)
            .toList();
    assertThat(CONTRACT.activeOperations())
        .extracting(Operation::function)
        .as("every active function but the authorizer serves routes, and only those do")
        .containsAll(served)
        .allMatch(f -> f.equals(Operation.GATEWAY) || served.contains(f));
  }

  @Test
  void throttleAndRolesAreReadFromTheExtensions() {
    Operation ingest = CONTRACT.operation("recordSensorData").orElseThrow();

    assertThat(ingest.throttle()).isEqualTo(new Throttle(500, 1000));
    assertThat(ingest.roles()).containsExactly("admin", "operator", "device");
    assertThat(ingest.secured()).isTrue();
    assertThat(CONTRACT.operation("getRoomHistory").orElseThrow().pathParameterNames())
        .containsExactly("id");
  }

  @Test
  void matchesConcretePathsAndExtractsParameters() {
    RouteMatch match = CONTRACT.match("get", "/sensors/temp-101/data").orElseThrow();

    assertThat(match.operation().operationId()).isEqualTo("listSensorData");
    assertThat(match.pathParameters()).isEqualTo(Map.of("id", "temp-101"));
    assertThat(
            CONTRACT.match("PUT", "/rooms/r%2F7%20b+c/thresholds").orElseThrow().pathParameters())
        .containsEntry("id", "r/7 b+c");
  }

  @Test
  void literalSegmentWinsOverAParameter() {
    assertThat(CONTRACT.match("POST", "/sensors/data").orElseThrow().operation().operationId())
        .isEqualTo("recordSensorData");
    assertThat(
            CONTRACT.match("GET", "/sensors/data-logger-1").orElseThrow().operation().operationId())
        .isEqualTo("getSensor");
  }

  @Test
  void knownPathWithAnotherMethodIs405WithTheAllowedMethods() {
    assertThat(CONTRACT.resolve("GET", "/sensors/data"))
        .isEqualTo(new RouteResolution.MethodNotAllowed("/sensors/data", Set.of("POST")));
    assertThat(CONTRACT.resolve("DELETE", "/rooms"))
        .isEqualTo(new RouteResolution.MethodNotAllowed("/rooms", Set.of("GET", "POST")));
    assertThat(CONTRACT.match("DELETE", "/rooms")).isEmpty();
  }

  @Test
  void unknownPathIs404() {
    assertThat(CONTRACT.resolve("GET", "/rooms/r1/unknown"))
        .isEqualTo(new RouteResolution.NotFound());
    assertThat(CONTRACT.resolve("GET", "/sensors/")).isEqualTo(new RouteResolution.NotFound());
    assertThat(CONTRACT.resolve("GET", "/")).isEqualTo(new RouteResolution.NotFound());
  }

  @Test
  void operationLevelSecurityOverridesTheGlobalOne() {
    ApiContract contract =
        ApiContract.parse(
            """
            openapi: 3.0.3
            security: [{bearerAuth: []}]
            paths:
              /a:
                get: {operationId: a, x-function: f, x-roles: [viewer], x-throttle: {rateLimit: 1, burstLimit: 2}}
                post: {operationId: b, security: [], x-function: f, x-roles: [], x-throttle: {rateLimit: 1, burstLimit: 2}}
                put: {operationId: c, security: [{}], x-function: f, x-roles: [], x-throttle: {rateLimit: 1, burstLimit: 2}, x-status: planned}
            """);

    assertThat(contract.operations())
        .extracting(Operation::operationId, Operation::secured, Operation::planned)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", true, false),
            org.assertj.core.groups.Tuple.tuple("b", false, false),
            org.assertj.core.groups.Tuple.tuple("c", false, true));
  }

  @Test
  void rejectsADuplicateOperationId() {
    assertThatThrownBy(
            () ->
                ApiContract.parse(
                    """
                    paths:
                      /a:
                        get: {operationId: same, x-function: f, x-roles: [], x-throttle: {rateLimit: 1, burstLimit: 1}}
                      /b:
                        get: {operationId: same, x-function: f, x-roles: [], x-throttle: {rateLimit: 1, burstLimit: 1}}
                    """))
        .isInstanceOf(InvalidContractException.class)
        .hasMessageContaining("operationId same is used twice: GET /a and GET /b");
  }

  @Test
  void rejectsAnOperationWithoutThrottleNamingWhereItIsMissing() {
    assertThatThrownBy(
            () ->
                ApiContract.parse(
                    """
                    paths:
                      /a:
                        get: {operationId: a, x-function: f, x-roles: []}
                    """))
        .isInstanceOf(InvalidContractException.class)
        .hasMessageContaining("paths./a.get.x-throttle is missing");
  }
}
