package io.sac4cps.localstack.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.sac4cps.embedded.EmbeddedPostgresServer;
import io.sac4cps.embedded.PostgresDatabase;
import io.sac4cps.embedded.PostgresServer;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two functions built from the same classes (platform-core plus a fixture controller, a real
 * Micronaut function) each in their own class loader with their own environment.
 */
class LambdaFunctionIT {
  private static final String HTTP_HANDLER =
      "io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction";
  private static PostgresServer postgres;
  private static LambdaFunction alpha;
  private static LambdaFunction beta;

  private static List<Path> testClasspath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(Path::of)
        .toList();
  }

  /** Each function gets its own database, as each owns its own schema in AWS. */
  private static FunctionSpec spec(String name, String greeting) {
    PostgresDatabase database = postgres.createDatabase(name);
    return new FunctionSpec(
        name,
        testClasspath(),
        Map.of(
            "FIXTURE_GREETING", greeting,
            "DATASOURCES_DEFAULT_URL", database.jdbcUrl(),
            "DATASOURCES_DEFAULT_USERNAME", database.username(),
            "DATASOURCES_DEFAULT_PASSWORD", database.password(),
            "AWS_REGION", "us-east-1"),
        512,
        10);
  }

  @BeforeAll
  static void start() {
    // The process's own configuration must not leak into a function.
    System.setProperty("fixture.leak", "from-system-properties");
    postgres = EmbeddedPostgresServer.start();
    alpha = LambdaFunction.start(spec("alpha", "hello from alpha"));
    beta = LambdaFunction.start(spec("beta", "hello from beta"));
  }

  @AfterAll
  static void stop() {
    if (alpha != null) {
      alpha.close();
    }
    if (beta != null) {
      beta.close();
    }
    postgres.close();
    System.clearProperty("fixture.leak");
  }

  private static APIGatewayProxyResponseEvent get(LambdaFunction function, String property) {
    APIGatewayProxyRequestEvent event =
        new APIGatewayProxyRequestEvent()
            .withHttpMethod("GET")
            .withPath("/fixture/config")
            .withResource("/fixture/config")
            .withQueryStringParameters(Map.of("name", property))
            .withMultiValueQueryStringParameters(Map.of("name", List.of(property)))
            .withHeaders(Map.of("Accept", "application/json"))
            .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext());
    return LambdaFunction.convert(
        function.invoke(HTTP_HANDLER, event, Duration.ofSeconds(10)),
        APIGatewayProxyResponseEvent.class);
  }

  @Test
  void eachFunctionSeesOnlyItsOwnEnvironment() {
    APIGatewayProxyResponseEvent fromAlpha = get(alpha, "fixture.greeting");
    APIGatewayProxyResponseEvent fromBeta = get(beta, "fixture.greeting");
    assertThat(fromAlpha.getStatusCode()).isEqualTo(200);
    assertThat(fromAlpha.getBody()).contains("hello from alpha");
    assertThat(fromBeta.getBody()).contains("hello from beta");
  }

  @Test
  void theProcessesSystemPropertiesAndEnvironmentAreHidden() {
    assertThat(get(alpha, "fixture.leak").getBody()).contains("<unset>");
    assertThat(get(alpha, "path").getBody()).as("PATH of the process").contains("<unset>");
  }

  @Test
  void staticStateIsPerFunction() {
    get(alpha, "fixture.greeting");
    get(alpha, "fixture.greeting");
    String alphaCalls = get(alpha, "fixture.greeting").getBody();
    String betaCalls = get(beta, "fixture.greeting").getBody();
    assertThat(Integer.parseInt(calls(alphaCalls)))
        .isGreaterThan(Integer.parseInt(calls(betaCalls)));
  }

  @Test
  void functionClassesAreInvisibleToTheHostAndLambdaTypesAreShared() throws Exception {
    ClassLoader loader =
        Class.forName("io.micronaut.context.ApplicationContext", false, functionLoader(alpha))
            .getClassLoader();
    assertThat(loader).isInstanceOf(FunctionClassLoader.class);
    assertThat(
            Class.forName(
                "com.amazonaws.services.lambda.runtime.events.SQSEvent",
                false,
                functionLoader(alpha)))
        .isSameAs(com.amazonaws.services.lambda.runtime.events.SQSEvent.class);
    assertThat(
            Class.forName(
                "io.sac4cps.localstack.fixture.InvocationCounter", false, functionLoader(alpha)))
        .isNotSameAs(
            Class.forName(
                "io.sac4cps.localstack.fixture.InvocationCounter", false, functionLoader(beta)));
  }

  @Test
  void anUnknownHandlerFailsWithItsName() {
    assertThatThrownBy(() -> alpha.invoke("io.sac4cps.Missing", Map.of(), Duration.ofSeconds(1)))
        .isInstanceOf(FunctionStartException.class)
        .hasMessageContaining("io.sac4cps.Missing");
  }

  @Test
  void aJarWithoutMicronautGetsItsEnvironmentThroughTheHandlersConstructor() {
    // The test classes alone: the fixture handler, no Micronaut.
    List<Path> testClasses =
        testClasspath().stream().filter(p -> p.endsWith("test-classes")).toList();
    assertThat(testClasses).hasSize(1);
    try (LambdaFunction plain =
        LambdaFunction.start(
            new FunctionSpec("plain", testClasses, Map.of("GREETING", "hello, plain"), 128, 5))) {
      String handler = "io.sac4cps.localstack.fixture.EnvironmentEchoHandler";
      plain.initialise(handler);
      assertThat(plain.isRunning()).isTrue();
      assertThat(plain.invoke(handler, Map.of("variable", "GREETING"), Duration.ofSeconds(5)))
          .isEqualTo("hello, plain");
      assertThat(plain.invoke(handler, Map.of("variable", "PATH"), Duration.ofSeconds(5)))
          .as("PATH of the process")
          .isEqualTo("<unset>");
    }
  }

  private static ClassLoader functionLoader(LambdaFunction function) throws Exception {
    var field = LambdaFunction.class.getDeclaredField("loader");
    field.setAccessible(true);
    return (ClassLoader) field.get(function);
  }

  private static String calls(String body) {
    return body.replaceAll(".*\"calls\":\"(\\d+)\".*", "$1");
  }
}
