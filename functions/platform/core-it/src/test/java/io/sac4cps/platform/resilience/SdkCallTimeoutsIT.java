package io.sac4cps.platform.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SNS, SQS and S3 calls against an endpoint that accepts connections and never answers (a hung
 * dependency): each call fails within the configured call timeout (1 s, plus the first call's class
 * loading on a loaded machine) instead of holding the caller; without it the SDK waits its 30 s
 * socket timeout on each of its attempts.
 */
@EmbeddedInfrastructure(services = Service.POSTGRES)
class SdkCallTimeoutsIT {
  private ServerSocket blackHole;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private ApplicationContext context;

  @BeforeEach
  void start(Infrastructure infrastructure) throws IOException {
    blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(
            () -> {
              while (!blackHole.isClosed()) {
                try {
                  accepted.add(blackHole.accept()); // read nothing, answer nothing
                } catch (IOException e) {
                  return;
                }
              }
            });
    String endpoint = "http://127.0.0.1:" + blackHole.getLocalPort();
    // A function's context (its database included), its SNS and SQS pointed at the black hole.
    Map<String, Object> properties = new HashMap<>(infrastructure.properties());
    properties.put("aws.services.sqs.endpoint-override", endpoint);
    properties.put("aws.services.sns.endpoint-override", endpoint);
    properties.put("aws.services.s3.endpoint-override", endpoint);
    properties.put("aws.services.s3.path-style-access-enabled", "true");
    properties.putIfAbsent("aws.region", "eu-central-1");
    properties.putIfAbsent("aws.access-key-id", "test");
    properties.putIfAbsent("aws.secret-key", "test");
    properties.put("sac4cps.aws.attempt-timeout", "300ms");
    properties.put("sac4cps.aws.call-timeout", "1s");
    properties.put("sac4cps.aws.s3.attempt-timeout", "300ms");
    properties.put("sac4cps.aws.s3.call-timeout", "1s");
    context = ApplicationContext.run(properties);
  }

  @AfterEach
  void stop() throws IOException {
    context.close();
    blackHole.close();
    for (Socket socket : accepted) {
      socket.close();
    }
  }

  @Test
  void anSqsCallToAHungEndpointFailsWithinTheCallTimeout() {
    SqsClient sqs = context.getBean(SqsClient.class);
    long started = System.nanoTime();

    assertThatThrownBy(
            () -> sqs.sendMessage(b -> b.queueUrl("http://127.0.0.1/000/q").messageBody("x")))
        .isInstanceOf(SdkClientException.class);

    assertThat((System.nanoTime() - started) / 1_000_000).isBetween(250L, 10_000L);
    assertThat(accepted).as("the SDK did try the endpoint").isNotEmpty();
  }

  @Test
  void anSnsCallToAHungEndpointFailsWithinTheCallTimeout() {
    SnsClient sns = context.getBean(SnsClient.class);
    long started = System.nanoTime();

    assertThatThrownBy(
            () ->
                sns.publish(
                    b -> b.topicArn("arn:aws:sns:eu-central-1:000000000000:t").message("x")))
        .isInstanceOf(SdkClientException.class);

    assertThat((System.nanoTime() - started) / 1_000_000).isBetween(250L, 10_000L);
  }

  @Test
  void anS3UploadToAHungEndpointFailsWithinTheCallTimeout() {
    S3Client s3 = context.getBean(S3Client.class);
    long started = System.nanoTime();

    assertThatThrownBy(
            () ->
                s3.putObject(
                    b -> b.bucket("files").key("k"), RequestBody.fromString("task output")))
        .isInstanceOf(SdkClientException.class);

    assertThat((System.nanoTime() - started) / 1_000_000).isBetween(250L, 10_000L);
  }
}
