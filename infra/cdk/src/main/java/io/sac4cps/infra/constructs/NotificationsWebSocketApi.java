package io.sac4cps.infra.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.WebSocketLambdaAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketMockIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketMockIntegrationProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteIntegration;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The WebSocket API behind {@code /ws/notifications}: {@code $connect} (checked by the Lambda
 * authorizer, token in the {@code token} query parameter since browsers cannot set headers on a
 * WebSocket), {@code $disconnect} and {@code $default}. All three invoke the Lambda of the
 * function's WebSocket handler ({@code websocket.handler} in wiring.yaml; it answers WebSocket
 * events, not the REST API's proxy events), which may post to connections through the {@code
 * @connections} endpoint. Until that function is deployed, the routes are mock integrations that
 * accept and drop.
 */
public final class NotificationsWebSocketApi extends Construct {

  /** Query parameter carrying the bearer token on {@code $connect}. */
  public static final String TOKEN_QUERY_PARAMETER = "token";

  private final WebSocketApi api;
  private final WebSocketStage stage;

  private NotificationsWebSocketApi(Construct scope, String id, Builder props) {
    super(scope, id);
    WebSocketRouteOptions.Builder connect =
        WebSocketRouteOptions.builder().integration(integration("Connect", props.handler));
    if (props.authorizer != null) {
      connect.authorizer(
          WebSocketLambdaAuthorizer.Builder.create("ConnectAuthorizer", props.authorizer)
              .identitySource(List.of("route.request.querystring." + TOKEN_QUERY_PARAMETER))
              .build());
    }
    this.api =
        WebSocketApi.Builder.create(this, "Api")
            .apiName(props.apiName)
            .description("Live notifications (/ws/notifications)")
            .connectRouteOptions(connect.build())
            .disconnectRouteOptions(
                WebSocketRouteOptions.builder()
                    .integration(integration("Disconnect", props.handler))
                    .build())
            .defaultRouteOptions(
                WebSocketRouteOptions.builder()
                    .integration(integration("Default", props.handler))
                    .build())
            .build();
    LogGroup accessLogs =
        LogGroup.Builder.create(this, "AccessLogs")
            .retention(props.logRetention)
            .removalPolicy(props.logRemovalPolicy)
            .build();
    this.stage =
        WebSocketStage.Builder.create(this, "Stage")
            .webSocketApi(api)
            .stageName(props.stageName)
            .autoDeploy(true)
            // Per-stage default for every route (API Gateway's account limit would be shared).
            .throttle(ThrottleSettings.builder().rateLimit(500).burstLimit(1000).build())
            .accessLogSettings(
                new IAccessLogSettings() {
                  @Override
                  public IAccessLogDestination getDestination() {
                    return new LogGroupLogDestination(accessLogs);
                  }

                  @Override
                  public AccessLogFormat getFormat() {
                    return AccessLogFormat.custom(
                        "{\"requestId\":\"$context.requestId\",\"routeKey\":\"$context.routeKey\","
                            + "\"eventType\":\"$context.eventType\","
                            + "\"connectionId\":\"$context.connectionId\","
                            + "\"status\":\"$context.status\","
                            + "\"authorizerError\":\"$context.authorizer.error\"}");
                  }
                })
            .build();
    if (props.handler != null) {
      api.grantManageConnections(props.handler);
    }
    Findings.accept(
        this,
        "AwsSolutions-APIG4",
        "API Gateway authorizes a WebSocket connection at $connect only (the authorizer,"
            + " decision 0017); $disconnect and $default run on that authorized connection");
  }

  public static Builder builder(Construct scope, String id) {
    return new Builder(scope, id);
  }

  public WebSocketApi getApi() {
    return api;
  }

  /** {@code wss://…/<stage>}: what clients connect to. */
  public String getUrl() {
    return stage.getUrl();
  }

  /** {@code https://…/<stage>}: where a function posts to {@code @connections}. */
  public String getCallbackUrl() {
    return stage.getCallbackUrl();
  }

  private static WebSocketRouteIntegration integration(String id, IFunction handler) {
    if (handler != null) {
      return new WebSocketLambdaIntegration(id + "Integration", handler);
    }
    return new WebSocketMockIntegration(
        id + "Placeholder",
        WebSocketMockIntegrationProps.builder()
            .templateSelectionExpression("\\$default")
            .requestTemplates(Map.of("$default", "{\"statusCode\": 200}"))
            .build());
  }

  /** Props builder; {@link #build()} validates before creating anything. */
  public static final class Builder {
    private final Construct scope;
    private final String id;
    private String apiName;
    private String stageName;
    private IFunction handler;
    private IFunction authorizer;
    private RetentionDays logRetention = RetentionDays.ONE_MONTH;
    private RemovalPolicy logRemovalPolicy = RemovalPolicy.DESTROY;

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    public Builder apiName(String apiName) {
      this.apiName = apiName;
      return this;
    }

    public Builder stageName(String stageName) {
      this.stageName = stageName;
      return this;
    }

    /**
     * The WebSocket handler's Lambda (alias); absent until its function is deployed (routes are
     * placeholders).
     */
    public Builder handler(IFunction handler) {
      this.handler = handler;
      return this;
    }

    /** Checks the token on {@code $connect}; absent means connections are not authenticated. */
    public Builder authorizer(IFunction authorizer) {
      this.authorizer = authorizer;
      return this;
    }

    public Builder logRetention(RetentionDays logRetention) {
      this.logRetention = logRetention;
      return this;
    }

    public Builder logRemovalPolicy(RemovalPolicy logRemovalPolicy) {
      this.logRemovalPolicy = logRemovalPolicy;
      return this;
    }

    public NotificationsWebSocketApi build() {
      if (apiName == null || apiName.isBlank()) {
        throw new IllegalArgumentException("apiName is required");
      }
      if (stageName == null || !stageName.matches("[A-Za-z0-9_-]+")) {
        throw new IllegalArgumentException("stageName must be letters, digits, '-' or '_'");
      }
      return new NotificationsWebSocketApi(scope, id, this);
    }
  }
}
