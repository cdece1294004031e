package io.sac4cps.sensors.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import io.sac4cps.embedded.LocalLambdaContext;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs in a fresh JVM (as Lambda's runtime would): loads a handler class, hands it one event, and
 * prints {@code COLD_START_MS=<ms from JVM start to the response> STATUS=<code> INIT_MS=<ms to the
 * built handler> HOOKS_MS=<ms> FIRST_REQUEST_MS=<ms> REQUEST_CLASSES=<n> WARM_REQUEST_MS=<ms>
 * RESTORE_MS=<ms>}: {@code WARM_REQUEST_MS} is a second request of the same kind right after the
 * first, what the work itself costs; {@code RESTORE_MS} is the {@code afterRestore} hooks' part of
 * {@code HOOKS_MS}.
 *
 * <p>Arguments: {@code proxy|authorizer}, handler class, HTTP method, path (the resource template
 * too, for an authorizer), bearer token or {@code -}, body or {@code -}, {@code cold|restore}, the
 * second request's body or {@code -}. With {@code restore}, the JVM runs every registered SnapStart
 * hook between building the handler and the request, as a checkpoint and restore would (the test
 * kit's simulated CRaC context, which the benchmark points org.crac at): {@code RESTORE_MS +
 * FIRST_REQUEST_MS} is then what a restored snapshot pays, minus the restore itself. An
 * authorizer's status is 200 for Allow, 403 for Deny.
 */
public final class ColdStartDriver {
  private ColdStartDriver() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static void main(String[] args) throws Exception {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    boolean authorizer = args[0].equals("authorizer");
    RequestHandler handler =
        (RequestHandler) Class.forName(args[1]).getDeclaredConstructor().newInstance();
    long initialised = System.currentTimeMillis() - jvmStart;
    String method = args[2];
    String path = args[3];
    String token = args[4].equals("-") ? null : args[4];
    String body = args[5].equals("-") ? null : args[5];
    long hooksNanos = 0;
    long restoreNanos = 0;
    if (args[6].equals("restore")) {
      // The test kit's halves of org.crac.Core.checkpointRestore(), timed apart: afterRestore runs
      // in every restored instance before its first request, so it is part of what one pays.
      long checkpoint = System.nanoTime();
      io.sac4cps.testkit.crac.Core.checkpoint();
      long restore = System.nanoTime();
      io.sac4cps.testkit.crac.Core.restore();
      restoreNanos = System.nanoTime() - restore;
      hooksNanos = System.nanoTime() - checkpoint;
    }
    Object event =
        authorizer ? authorizerEvent(method, path, token) : proxyEvent(method, path, token, body);
    var classLoading = ManagementFactory.getClassLoadingMXBean();
    long classesBefore = classLoading.getTotalLoadedClassCount();
    RequestStarts.mark();
    long requestStart = System.nanoTime();
    Object response = handler.handleRequest(event, LocalLambdaContext.of("cold-start"));
    long requestNanos = System.nanoTime() - requestStart;
    RequestEnded.mark();
    String warmBody = args.length > 7 && !args[7].equals("-") ? args[7] : body;
    Object warmEvent =
        authorizer
            ? authorizerEvent(method, path, token)
            : proxyEvent(method, path, token, warmBody);
    long warmStart = System.nanoTime();
    handler.handleRequest(warmEvent, LocalLambdaContext.of("warm"));
    long warmNanos = System.nanoTime() - warmStart;
    long requestClasses = classLoading.getTotalLoadedClassCount() - classesBefore;
    long elapsed = System.currentTimeMillis() - jvmStart;
    int status;
    if (authorizer) {
      Map<String, Object>[] statements =
          (Map<String, Object>[])
              ((IamPolicyResponseV1) response).getPolicyDocument().get("Statement");
      status = "Allow".equals(statements[0].get("Effect")) ? 200 : 403;
    } else {
      status = ((APIGatewayProxyResponseEvent) response).getStatusCode();
    }
    System.out.println(
        "COLD_START_MS="
            + elapsed
            + " STATUS="
            + status
            + " INIT_MS="
            + initialised
            + " HOOKS_MS="
            + hooksNanos / 1_000_000
            + " FIRST_REQUEST_MS="
            + String.format(Locale.ROOT, "%.1f", requestNanos / 1e6)
            + " REQUEST_CLASSES="
            + requestClasses
            + " WARM_REQUEST_MS="
            + String.format(Locale.ROOT, "%.1f", warmNanos / 1e6)
            + " RESTORE_MS="
            + String.format(Locale.ROOT, "%.1f", restoreNanos / 1e6));
    System.exit(0);
  }

  /**
   * Loaded right before the timed request: in a {@code -Xlog:class+load} log (benchmark option
   * {@code -Dbench.jvmArgs}) the classes between it and {@link RequestEnded} are the request's.
   */
  private static final class RequestStarts {
    static void mark() {}
  }

  /** Loaded right after the timed request. */
  private static final class RequestEnded {
    static void mark() {}
  }

  private static APIGatewayProxyRequestEvent proxyEvent(
      String method, String path, String token, String body) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", "application/json");
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    return new APIGatewayProxyRequestEvent()
        .withHttpMethod(method)
        .withPath(path)
        .withResource(path)
        .withHeaders(headers)
        .withBody(body)
        .withRequestContext(
            new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withRequestId("cold-start")
                .withStage("bench"));
  }

  private static APIGatewayCustomAuthorizerEvent authorizerEvent(
      String method, String resource, String token) {
    APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
    event.setType("REQUEST");
    event.setHttpMethod(method);
    event.setResource(resource);
    event.setPath(resource.replaceAll("\\{[^}]+}", "bench"));
    event.setMethodArn(
        "arn:aws:execute-api:eu-west-1:123456789012:bench/prod/" + method + event.getPath());
    event.setHeaders(Map.of("Authorization", "Bearer " + token));
    return event;
  }
}
