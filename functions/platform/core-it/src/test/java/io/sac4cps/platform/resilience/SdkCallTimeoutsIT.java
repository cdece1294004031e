package io.sac4cps.platform.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SNS and SQS calls against an endpoint that accepts connections and never answers (a hung
 * dependency): each call fails within the configured call timeout instead of holding the caller.
 */
class SdkCallTimeoutsIT {
  private ServerSocket blackHole;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private ApplicationContext context;

  @BeforeEach
  void start() throws IOException {
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
    context =
        ApplicationContext.run(
            Map.of(
                "aws.region", "eu-central-1",
                "aws.access-key-id", "test",
                "aws.secret-key", "test",
                "aws.services.sqs.endpoint-override", endpoint,
                "aws.services.sns.endpoint-override", endpoint,
                "sac4cps.aws.attempt-timeout", "300ms",
                "sac4cps.aws.call-timeout", "1s"));
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

    assertThat((System.nanoTime() - started) / 1_000_000).isBetween(250L, 3_000L);
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

    assertThat((System.nanoTime() - started) / 1_000_000).isBetween(250L, 3_000L);
  }
}
