package io.sac4cps.sensors.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.sac4cps.embedded.LocalLambdaContext;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Runs in a fresh JVM (as Lambda's runtime would): loads a handler class, hands it one API Gateway
 * event, and prints {@code COLD_START_MS=<ms from JVM start to the response> STATUS=<code>}.
 * Arguments: handler class, bearer token, request body.
 */
public final class ColdStartDriver {
  private ColdStartDriver() {}

  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    var handler =
        (RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>)
            Class.forName(args[0]).getDeclaredConstructor().newInstance();
    long initialised = System.currentTimeMillis() - jvmStart;
    APIGatewayProxyRequestEvent event =
        new APIGatewayProxyRequestEvent()
            .withHttpMethod("POST")
            .withPath("/sensors/data")
            .withResource("/sensors/data")
            .withHeaders(
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + args[1]))
            .withBody(args[2])
            .withRequestContext(
                new APIGatewayProxyRequestEvent.ProxyRequestContext()
                    .withRequestId("cold-start")
                    .withStage("bench"));
    APIGatewayProxyResponseEvent response =
        handler.handleRequest(event, LocalLambdaContext.of("sensors"));
    long elapsed = System.currentTimeMillis() - jvmStart;
    System.out.println(
        "COLD_START_MS="
            + elapsed
            + " STATUS="
            + response.getStatusCode()
            + " INIT_MS="
            + initialised);
    System.exit(0);
  }
}
