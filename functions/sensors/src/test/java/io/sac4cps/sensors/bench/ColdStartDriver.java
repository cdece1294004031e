package io.sac4cps.sensors.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
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
    APIGatewayProxyResponseEvent response = handler.handleRequest(event, new DriverContext());
    long elapsed = System.currentTimeMillis() - jvmStart;
    System.out.println("COLD_START_MS=" + elapsed + " STATUS=" + response.getStatusCode());
    System.exit(0);
  }

  /** The little of Lambda's context a handler reads on its first request. */
  private static final class DriverContext implements Context {
    @Override
    public String getAwsRequestId() {
      return "cold-start";
    }

    @Override
    public String getLogGroupName() {
      return "bench";
    }

    @Override
    public String getLogStreamName() {
      return "bench";
    }

    @Override
    public String getFunctionName() {
      return "bench";
    }

    @Override
    public String getFunctionVersion() {
      return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
      return "arn:aws:lambda:eu-west-1:000000000000:function:bench";
    }

    @Override
    public CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public ClientContext getClientContext() {
      return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
      return 30_000;
    }

    @Override
    public int getMemoryLimitInMB() {
      return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
      return new LambdaLogger() {
        @Override
        public void log(String message) {
          System.out.println(message);
        }

        @Override
        public void log(byte[] message) {
          System.out.println(new String(message, java.nio.charset.StandardCharsets.UTF_8));
        }
      };
    }
  }
}
