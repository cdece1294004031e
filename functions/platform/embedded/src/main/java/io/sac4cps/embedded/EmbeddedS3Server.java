package io.sac4cps.embedded;

import java.net.InetAddress;
import java.net.URI;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.TransientApiMetadata;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * S3Proxy, an S3-speaking server, running in this JVM on a free loopback port and keeping objects
 * in memory (decision 0018). Unlike a mock it checks SigV4 signatures, so presigned URLs behave as
 * in AWS: an expired one, or one whose key was changed, is refused with 403. Requests must be
 * signed with {@link LocalAwsAccount}'s credentials and use path-style addressing ({@code
 * http://127.0.0.1:<port>/<bucket>/<key>}). {@link #stop()} and {@link #start()} take it away and
 * bring it back on the same port with the same objects, as an outage would.
 */
public final class EmbeddedS3Server implements AutoCloseable {

  private final BlobStoreContext store;
  private final URI endpoint;
  private final S3Client client;
  private S3Proxy server;

  private EmbeddedS3Server(BlobStoreContext store, S3Proxy server) {
    this.store = store;
    this.server = server;
    this.endpoint = URI.create("http://127.0.0.1:" + server.getPort());
    this.client = LocalAwsAccount.s3Client(endpoint);
  }

  /** Starts the server; takes about a second on an idle machine. */
  public static EmbeddedS3Server start() {
    // jclouds' in-memory store, named by its metadata: looking it up by id ("transient") would
    // load every jclouds provider on the class path, and S3Proxy's Azure one needs the Azure SDK.
    BlobStoreContext store =
        ContextBuilder.newBuilder(new TransientApiMetadata())
            .credentials(LocalAwsAccount.ACCESS_KEY_ID, LocalAwsAccount.SECRET_KEY)
            .build(BlobStoreContext.class);
    try {
      return new EmbeddedS3Server(store, serve(store, 0));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static S3Proxy serve(BlobStoreContext store, int port) {
    S3Proxy server =
        S3Proxy.builder()
            .blobStore(store.getBlobStore())
            .endpoint(
                URI.create(
                    "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port))
            .awsAuthentication(
                AuthenticationType.AWS_V2_OR_V4,
                LocalAwsAccount.ACCESS_KEY_ID,
                LocalAwsAccount.SECRET_KEY)
            .jettyMaxThreads(16)
            .build();
    try {
      server.start();
      while (!"STARTED".equals(server.getState())) {
        if ("FAILED".equals(server.getState())) {
          throw new IllegalStateException("S3Proxy did not start");
        }
        Thread.sleep(5);
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("S3Proxy did not start", e);
    }
    return server;
  }

  /** Stops serving (connections are refused) and keeps the objects, for a test of an outage. */
  public synchronized void stop() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not stop", e);
    }
  }

  /** Serves again after {@link #stop()}, on the same port, with the same objects. */
  public synchronized void restart() {
    server = serve(store, endpoint.getPort());
  }

  /** The endpoint to give an S3 client as its endpoint override (with path-style access). */
  public URI endpoint() {
    return endpoint;
  }

  /** A client for this server, shared by everyone who asks; closed with the server. */
  public S3Client client() {
    return client;
  }

  /** Creates a private bucket; creating one that exists returns quietly. */
  public void createBucket(String name) {
    try {
      client.createBucket(request -> request.bucket(name));
    } catch (BucketAlreadyOwnedByYouException e) {
      // Idempotent, as the local stack and several test classes may ask for the same bucket.
    }
  }

  @Override
  public synchronized void close() {
    client.close();
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not stop", e);
    } finally {
      store.close();
    }
  }
}
