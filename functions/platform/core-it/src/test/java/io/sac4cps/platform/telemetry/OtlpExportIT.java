package io.sac4cps.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.sac4cps.embedded.LocalLambdaContext;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiGatewayEvents;
import io.sac4cps.testkit.security.TestTokens;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The OTLP/HTTP export as it runs in AWS (decision 0048), against a local HTTP receiver standing in
 * for the ADOT collector extension on localhost:4318: the batch processor's own schedule is an hour
 * away, so a span can only have arrived by the time the invocation returned if the invocation
 * flushed it, as a frozen Lambda process requires.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES})
class OtlpExportIT {

  @Test
  void aRequestsSpanHasReachedTheCollectorWhenTheInvocationReturns(Infrastructure infra)
      throws Exception {
    List<byte[]> received = new CopyOnWriteArrayList<>();
    List<String> contentTypes = new CopyOnWriteArrayList<>();
    HttpServer collector =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext(
        "/v1/traces",
        exchange -> {
          received.add(exchange.getRequestBody().readAllBytes());
          contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    Map<String, Object> properties = new HashMap<>(infra.properties());
    properties.putAll(TestTokens.configuration());
    properties.put("micronaut.application.name", "otlp-it");
    properties.put("telemetry.export-delay", "1h");
    // The first export of a cold JVM loads the exporter; under a loaded CI machine, seconds.
    properties.put("telemetry.invocation-flush-timeout", "10s");
    properties.put(
        "telemetry.otlp.endpoint",
        "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
    try (ApplicationContext context = ApplicationContext.run(properties)) {
      APIGatewayProxyResponseEvent response =
          new ApiGatewayProxyRequestEventFunction(context)
              .handleRequest(
                  ApiGatewayEvents.request("GET", "/health").build(),
                  LocalLambdaContext.of("otlp-it"));
      assertThat(response.getStatusCode()).isEqualTo(200);

      assertThat(received).as("spans exported before the invocation returned").isNotEmpty();
      assertThat(contentTypes).allMatch(type -> type.startsWith("application/x-protobuf"));
      // Protobuf keeps strings as UTF-8: the span's name and the service are in the request.
      String exported = new String(received.get(0), StandardCharsets.UTF_8);
      assertThat(exported).contains("GET /health").contains("otlp-it");
    } finally {
      collector.stop(0);
    }
  }
}
