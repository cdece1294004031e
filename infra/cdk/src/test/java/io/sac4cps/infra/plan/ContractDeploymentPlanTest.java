package io.sac4cps.infra.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.contracts.api.Operation;
import io.sac4cps.contracts.wiring.FunctionDefinition;
import io.sac4cps.contracts.wiring.Wiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractDeploymentPlanTest {

  static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();

  static final String WIRING =
      """
      functions:
        - name: sensors
          handler: io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction
          memoryMb: 1024
          timeoutSeconds: 30
        - name: tasks
          status: planned
          handler: io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction
          memoryMb: 512
          timeoutSeconds: 15
      topics: []
      queues:
        - name: tasks-work
          consumer:
            function: tasks
            handler: io.sac4cps.tasks.events.TaskWorkQueueHandler
            status: planned
          batchSize: 1
          visibilityTimeoutSeconds: 900
          maxReceiveCount: 3
      kafka: []
      """;

  static String openApi(String tasksStatus) {
    return """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths:
          /health:
            get:
              operationId: getHealth
              x-function: gateway
              x-roles: []
              x-throttle: {rateLimit: 10, burstLimit: 20}
              security: []
              responses: {"200": {description: up}}
          /sensors:
            get:
              operationId: listSensors
              x-function: sensors
              x-roles: [viewer]
              x-throttle: {rateLimit: 50, burstLimit: 100}
              responses: {"200": {description: ok}}
          /tasks:
            get:
              operationId: listTasks
              x-function: tasks
              x-roles: [viewer]
              x-throttle: {rateLimit: 5, burstLimit: 10}
        %s
              responses: {"200": {description: ok}}
        """
        .formatted(tasksStatus);
  }

  @Test
  void plannedOperationsAndConsumersAreLeftOutAndJarsAreFoundByPath(@TempDir Path functions)
      throws Exception {
    Wiring wiring = Wiring.parse(WIRING);
    FunctionModulesFixture.create(functions, wiring, Set.of("sensors"));

    DeploymentPlan plan =
        ContractDeploymentPlan.of(
            ApiContract.parse(openApi("      x-status: planned")), wiring, functions);

    assertThat(plan.routes())
        .extracting(Operation::operationId)
        .containsExactly("getHealth", "listSensors");
    assertThat(plan.functions()).extracting(FunctionDeployment::name).containsExactly("sensors");
    assertThat(plan.function("sensors").orElseThrow().jar())
        .isEqualTo(functions.resolve("sensors/target/sensors-lambda.jar"));
    assertThat(plan.function("sensors").orElseThrow().ownsSchema()).isTrue();
    // The queue is created (messages wait for their consumer), its planned consumer is not.
    assertThat(plan.queues()).singleElement().satisfies(q -> assertThat(q.consumer()).isEmpty());
  }

  @Test
  void aRouteOfAFunctionWithoutModuleFailsUnlessPlanned(@TempDir Path functions) throws Exception {
    Wiring wiring = Wiring.parse(WIRING);
    FunctionModulesFixture.create(functions, wiring, Set.of());

    assertThatThrownBy(
            () -> ContractDeploymentPlan.of(ApiContract.parse(openApi("")), wiring, functions))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("GET /tasks (listTasks)")
        .hasMessageContaining("mark the operation `x-status: planned`");
  }

  @Test
  void aDeployedFunctionWhoseJarIsMissingFailsAndSaysHowToBuildIt(@TempDir Path functions)
      throws Exception {
    Files.createDirectories(functions.resolve("sensors"));
    Files.writeString(functions.resolve("sensors/pom.xml"), "<project/>");

    assertThatThrownBy(
            () ->
                ContractDeploymentPlan.of(
                    ApiContract.parse(openApi("      x-status: planned")),
                    Wiring.parse(WIRING),
                    functions))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sensors-lambda.jar is missing")
        .hasMessageContaining("./mvnw package -pl functions/sensors -am");
  }

  @Test
  void aJarMustCarryMigrationsExactlyWhenTheWiringSaysItsFunctionOwnsASchema(
      @TempDir Path functions) throws Exception {
    Wiring wiring = Wiring.parse(WIRING);
    FunctionModulesFixture.create(functions, wiring, Set.of());
    assertThatThrownBy(
            () ->
                ContractDeploymentPlan.of(
                    ApiContract.parse(openApi("      x-status: planned")), wiring, functions))
        .hasMessageContaining(
            "function sensors owns a schema in wiring.yaml but its jar carries no migrations");

    Wiring stateless =
        Wiring.parse(WIRING.replace("memoryMb: 1024", "memoryMb: 1024\n    schema: false"));
    FunctionModulesFixture.create(functions, stateless, Set.of("sensors"));
    assertThatThrownBy(
            () ->
                ContractDeploymentPlan.of(
                    ApiContract.parse(openApi("      x-status: planned")), stateless, functions))
        .hasMessageContaining("function sensors has `schema: false` in wiring.yaml but its jar");
  }

  @Test
  void everyActiveContractRouteNamesAFunctionModuleOrTheGateway() {
    ApiContract contract = ApiContract.load(REPOSITORY.resolve("contracts/openapi.yaml"));
    for (Operation operation : contract.activeOperations()) {
      if (!operation.function().equals(Operation.GATEWAY)) {
        assertThat(REPOSITORY.resolve("functions").resolve(operation.function()).resolve("pom.xml"))
            .as(
                "%s %s has x-function %s but no module functions/%s: mark it x-status: planned",
                operation.method(), operation.path(), operation.function(), operation.function())
            .isRegularFile();
      }
    }
  }

  @Test
  void everyFunctionTheWiringDeploysHasAModule() {
    Wiring wiring = Wiring.load(REPOSITORY.resolve("contracts/wiring.yaml"));
    for (FunctionDefinition function : wiring.activeFunctions()) {
      assertThat(REPOSITORY.resolve("functions").resolve(function.name()).resolve("pom.xml"))
          .as("function %s is not `status: planned` in wiring.yaml", function.name())
          .isRegularFile();
    }
  }
}
