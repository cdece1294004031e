package io.sac4cps.testkit.telemetry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/HTTP receiver on a free loopback port, standing in for the ADOT collector extension on
 * localhost:4318 (decision 0048): it keeps every export request it is sent. {@link #properties()}
 * points a function at it with the batch processor's own schedule an hour away, so a span has only
 * arrived by the time an invocation returned if the invocation flushed it.
 */
public final class OtlpReceiver implements AutoCloseable {
  private final HttpServer server;
  private final List<byte[]> received = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  public static OtlpReceiver start() {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    OtlpReceiver receiver = new OtlpReceiver(server);
    server.createContext(
        "/v1/traces",
        exchange -> {
          receiver.received.add(exchange.getRequestBody().readAllBytes());
          receiver.contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    return receiver;
  }

  /**
   * The function's telemetry settings for this receiver: flush at the end of each invocation
   * (bounded by 10 s: the first export of a cold JVM loads the exporter, seconds on a loaded CI
   * machine), the batch processor's schedule an hour away.
   */
  public Map<String, Object> properties() {
    return Map.of(
        "telemetry.export-delay", "1h",
        "telemetry.invocation-flush-timeout", "10s",
        "telemetry.otlp.endpoint",
            "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces");
  }

  /** The export requests received so far (protobuf), oldest first. */
  public List<byte[]> requests() {
    return List.copyOf(received);
  }

  /** Their Content-Type headers. */
  public List<String> contentTypes() {
    return List.copyOf(contentTypes);
  }

  /**
   * Everything received so far as one string: protobuf keeps strings as UTF-8, so span names,
   * attribute values and the service's name can be looked for in it.
   */
  public String text() {
    StringBuilder text = new StringBuilder();
    received.forEach(body -> text.append(new String(body, StandardCharsets.UTF_8)));
    return text.toString();
  }

  /** Forgets what was received. */
  public void clear() {
    received.clear();
    contentTypes.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
