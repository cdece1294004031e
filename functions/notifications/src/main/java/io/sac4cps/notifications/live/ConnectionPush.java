package io.sac4cps.notifications.live;

import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;

/**
 * Posts to WebSocket connections through the WebSocket API's {@code @connections} endpoint ({@code
 * SAC4CPS_WEBSOCKET_CALLBACK_URL}: the stage URL in AWS, the local gateway locally). One client per
 * function instance, sized for the fan-out's parallel posts.
 */
@Singleton
public class ConnectionPush implements AutoCloseable {
  /** API Gateway's limit for one WebSocket message. */
  public static final int MAX_MESSAGE_BYTES = 128 * 1024;

  /** How a post went. */
  public enum Result {
    DELIVERED,
    /** 410: the connection is closed; it will never take a message again. */
    GONE,
    FAILED
  }

  private final Optional<ApiGatewayManagementApiClient> client;

  public ConnectionPush(
      @Value("${sac4cps.websocket.callback-url:}") String callbackUrl,
      AwsCredentialsProvider credentials,
      AwsRegionProvider region) {
    this.client =
        callbackUrl.isBlank()
            ? Optional.empty()
            : Optional.of(
                ApiGatewayManagementApiClient.builder()
                    .endpointOverride(URI.create(callbackUrl))
                    .credentialsProvider(credentials)
                    .region(region.getRegion())
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build());
  }

  public boolean configured() {
    return client.isPresent();
  }

  /** Posts one message; {@link Result#FAILED} with the reason in {@code failure} otherwise. */
  public Attempt post(String connectionId, byte[] message) {
    if (client.isEmpty()) {
      return new Attempt(Result.FAILED, "no @connections endpoint is configured");
    }
    if (message.length > MAX_MESSAGE_BYTES) {
      return new Attempt(Result.FAILED, "message exceeds API Gateway's 128 KB");
    }
    try {
      client
          .get()
          .postToConnection(
              PostToConnectionRequest.builder()
                  .connectionId(connectionId)
                  .data(SdkBytes.fromByteArray(message))
                  .build());
      return new Attempt(Result.DELIVERED, null);
    } catch (GoneException e) {
      return new Attempt(Result.GONE, "connection is gone (410)");
    } catch (RuntimeException e) {
      return new Attempt(Result.FAILED, "@connections: " + e.getMessage());
    }
  }

  /** The result of one post, with the reason when it failed. */
  public record Attempt(Result result, String failure) {}

  @PreDestroy
  @Override
  public void close() {
    client.ifPresent(ApiGatewayManagementApiClient::close);
  }
}
