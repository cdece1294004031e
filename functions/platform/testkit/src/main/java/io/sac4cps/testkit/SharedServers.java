package io.sac4cps.testkit;

import io.sac4cps.embedded.EmbeddedKafkaBroker;
import io.sac4cps.embedded.EmbeddedS3Server;
import io.sac4cps.embedded.EmbeddedSqsServer;
import io.sac4cps.embedded.LocalAwsAccount;
import io.sac4cps.embedded.PostgresServer;
import io.sac4cps.embedded.SnsStandIn;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The embedded servers of this test JVM: each started on first use, at most once, and stopped by a
 * shutdown hook when the JVM exits. Use {@link Infrastructure} in tests; this class is for code
 * that needs a server without a test class (e.g. the local stack's own tests).
 *
 * <p>PostgreSQL honours {@code SAC4CPS_POSTGRES_URL} (see {@link PostgresServer}).
 */
public final class SharedServers {

  private static final Lazy<PostgresServer> POSTGRES =
      new Lazy<>(() -> PostgresServer.startOrConnect(System.getenv()));
  private static final Lazy<EmbeddedKafkaBroker> KAFKA = new Lazy<>(EmbeddedKafkaBroker::startNew);
  private static final Lazy<EmbeddedSqsServer> SQS = new Lazy<>(EmbeddedSqsServer::start);
  private static final Lazy<SnsStandIn> SNS =
      new Lazy<>(() -> SnsStandIn.start(SQS.get().endpoint()));
  private static final Lazy<EmbeddedS3Server> S3 = new Lazy<>(EmbeddedS3Server::start);
  private static final Lazy<SnsClient> SNS_CLIENT =
      new Lazy<>(() -> LocalAwsAccount.snsClient(SNS.get().endpoint()));

  static {
    // Reverse start order: clients before servers, SNS before the SQS it delivers to.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> List.of(S3, SNS_CLIENT, SNS, SQS, KAFKA, POSTGRES).forEach(Lazy::close),
                "sac4cps-embedded-shutdown"));
  }

  private SharedServers() {}

  public static PostgresServer postgres() {
    return POSTGRES.get();
  }

  /**
   * The shared broker. A test that stops it must start it again (in a {@code finally}); a test that
   * needs a broker of its own uses {@link EmbeddedKafkaBroker#startNew()}.
   */
  public static EmbeddedKafkaBroker kafka() {
    return KAFKA.get();
  }

  public static EmbeddedSqsServer sqs() {
    return SQS.get();
  }

  public static SnsStandIn sns() {
    return SNS.get();
  }

  public static EmbeddedS3Server s3() {
    return S3.get();
  }

  /** An SNS client for the stand-in, shared and closed with it. */
  public static SnsClient snsClient() {
    return SNS_CLIENT.get();
  }

  /** Starts the servers not yet running side by side: startup time is the slowest, not the sum. */
  public static void start(Collection<Service> services) {
    EnumSet<Service> wanted =
        services.isEmpty() ? EnumSet.noneOf(Service.class) : EnumSet.copyOf(services);
    List<CompletableFuture<?>> starting = new ArrayList<>();
    for (Service service : wanted) {
      Lazy<?> server =
          switch (service) {
            case POSTGRES -> POSTGRES;
            case KAFKA -> KAFKA;
            case SQS -> SQS;
            case SNS -> SNS;
            case S3 -> S3;
          };
      starting.add(CompletableFuture.runAsync(server::get));
    }
    try {
      CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      throw new IllegalStateException("an embedded server did not start", e.getCause());
    }
  }

  /** A value made on first use by one thread while others wait. */
  private static final class Lazy<T> {
    private final Supplier<T> factory;
    private T value;

    Lazy(Supplier<T> factory) {
      this.factory = factory;
    }

    synchronized T get() {
      if (value == null) {
        value = factory.get();
      }
      return value;
    }

    synchronized void close() {
      if (value instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // The JVM is exiting; report and go on closing the others.
          System.err.println("sac4cps: could not stop " + value + ": " + e);
        }
      }
      value = null;
    }
  }
}
