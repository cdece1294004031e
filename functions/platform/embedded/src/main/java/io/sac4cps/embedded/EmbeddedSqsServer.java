package io.sac4cps.embedded;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.scaladsl.Http;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import scala.concurrent.Await;
import scala.concurrent.duration.FiniteDuration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * ElasticMQ, an SQS-compatible server, running in this JVM on a free loopback port. Queue URLs and
 * ARNs use {@link LocalAwsAccount}'s region and account, so they look like those in AWS. {@link
 * #stop()} and {@link #restart()} take it away and bring it back on the same port, as an outage
 * would; its queues live in memory, so a restarted server has none.
 */
public final class EmbeddedSqsServer implements AutoCloseable {

  private static final String HOST = "127.0.0.1";

  /**
   * How long requests still in flight when the server stops may take. ElasticMQ's own stop gives
   * them a minute, which a long poll left behind by a stopped consumer spends in full.
   */
  private static final FiniteDuration IN_FLIGHT_GRACE = FiniteDuration.apply(2, TimeUnit.SECONDS);

  private static final FiniteDuration SHUTDOWN_LIMIT = FiniteDuration.apply(20, TimeUnit.SECONDS);

  private ActorSystem actors;
  private Http.ServerBinding binding;
  private final URI endpoint;
  private final SqsClient client;

  private EmbeddedSqsServer(ActorSystem actors, Http.ServerBinding binding, URI endpoint) {
    this.actors = actors;
    this.binding = binding;
    this.endpoint = endpoint;
    this.client = LocalAwsAccount.sqsClient(endpoint);
  }

  /** Starts the server; takes about a second. */
  public static EmbeddedSqsServer start() {
    int port = FreePorts.next();
    ActorSystem actors = ActorSystem.create("elasticmq");
    return new EmbeddedSqsServer(
        actors, serve(actors, port), URI.create("http://" + HOST + ":" + port));
  }

  private static Http.ServerBinding serve(ActorSystem actors, int port) {
    SQSRestServer server =
        SQSRestServerBuilder.withActorSystem(actors)
            .withInterface(HOST)
            .withPort(port)
            .withServerAddress(new NodeAddress("http", HOST, port, ""))
            .withAWSRegion(LocalAwsAccount.REGION)
            .withAWSAccountId(LocalAwsAccount.ACCOUNT_ID)
            .start();
    return server.waitUntilStarted();
  }

  /** Stops serving (connections are refused), for a test of an outage. */
  public synchronized void stop() {
    terminate();
  }

  /** Serves again after {@link #stop()}, on the same port, without the old queues. */
  public synchronized void restart() {
    actors = ActorSystem.create("elasticmq");
    binding = serve(actors, endpoint.getPort());
  }

  /** The endpoint to give an SQS client as its endpoint override. */
  public URI endpoint() {
    return endpoint;
  }

  /** A client for this server, shared by everyone who asks; closed with the server. */
  public SqsClient client() {
    return client;
  }

  /** Creates {@code name} and its dead-letter queue {@code name-dlq} with default settings. */
  public SqsQueue createQueue(String name) {
    return createQueue(name, QueueSettings.DEFAULT);
  }

  /**
   * Creates a queue and its dead-letter queue ({@code <name>-dlq}, or {@code <base>-dlq.fifo} for a
   * FIFO queue), joined by a redrive policy. Creating an existing queue with the same settings
   * returns it.
   */
  public SqsQueue createQueue(String name, QueueSettings settings) {
    boolean fifo = name.endsWith(".fifo");
    String deadLetterName =
        fifo ? name.substring(0, name.length() - 5) + "-dlq.fifo" : name + "-dlq";
    String deadLetterUrl = create(deadLetterName, fifo, Map.of());
    String deadLetterArn = arnOf(deadLetterUrl);
    String redrivePolicy =
        "{\"deadLetterTargetArn\":\""
            + deadLetterArn
            + "\",\"maxReceiveCount\":\""
            + settings.maxReceiveCount()
            + "\"}";
    String url =
        create(
            name,
            fifo,
            Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT,
                String.valueOf(settings.visibilityTimeout().toSeconds()),
                QueueAttributeName.REDRIVE_POLICY,
                redrivePolicy));
    return new SqsQueue(name, url, arnOf(url), deadLetterUrl, deadLetterArn);
  }

  private String create(String name, boolean fifo, Map<QueueAttributeName, String> attributes) {
    var all = new HashMap<>(attributes);
    if (fifo) {
      all.put(QueueAttributeName.FIFO_QUEUE, "true");
    }
    return client.createQueue(request -> request.queueName(name).attributes(all)).queueUrl();
  }

  private String arnOf(String queueUrl) {
    return client
        .getQueueAttributes(
            request -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes()
        .get(QueueAttributeName.QUEUE_ARN);
  }

  /** Stops accepting, gives requests in flight {@link #IN_FLIGHT_GRACE}, then stops the actors. */
  @Override
  public synchronized void close() {
    client.close();
    terminate();
  }

  private void terminate() {
    if (actors.whenTerminated().isCompleted()) {
      return; // stopped before
    }
    try {
      Await.result(binding.terminate(IN_FLIGHT_GRACE), SHUTDOWN_LIMIT);
      Await.result(actors.terminate(), SHUTDOWN_LIMIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("ElasticMQ did not stop within " + SHUTDOWN_LIMIT, e);
    }
  }
}
