package io.sac4cps.notifications.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A browser tab's WebSocket, with the JDK's client: connects with {@code Sec-WebSocket-Protocol:
 * bearer, <token>} and collects the JSON messages it receives.
 */
public final class LiveClient implements WebSocket.Listener, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;

  private LiveClient() {}

  public static LiveClient connect(URI uri, String token) {
    LiveClient client = new LiveClient();
    client.socket =
        HTTP.newWebSocketBuilder()
            .subprotocols("bearer", token)
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(uri, client)
            .join();
    return client;
  }

  public WebSocket socket() {
    return socket;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      try {
        messages.add(JSON.readTree(partial.toString()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  /** The next message within {@code timeout}, or null. */
  public JsonNode next(Duration timeout) throws InterruptedException {
    return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The next message of {@code type}, skipping others, or null. */
  public JsonNode next(String type, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode message = next(Duration.ofNanos(deadline - System.nanoTime()));
      if (message != null && type.equals(message.path("type").asText())) {
        return message;
      }
    }
    return null;
  }

  /** Every message received so far and not yet taken. */
  public List<JsonNode> drain() {
    List<JsonNode> all = new ArrayList<>();
    messages.drainTo(all);
    return all;
  }

  public void send(String json) {
    socket.sendText(json, true).join();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }
  }

  /** Closes the TCP connection without a close frame, as a crashed browser does. */
  public void abort() {
    socket.abort();
  }
}
