package io.sac4cps.localstack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A browser tab's WebSocket: {@code Sec-WebSocket-Protocol: bearer, <token>}. Each frame is kept
 * with the moment it arrived, for the latency benchmark.
 */
public final class LiveSocket implements WebSocket.Listener, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A text frame as JSON, and when its last fragment arrived ({@link System#nanoTime()}). */
  public record Frame(JsonNode json, long arrivedNanos) {}

  private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;

  public static LiveSocket connect(URI uri, String token) {
    LiveSocket live = new LiveSocket();
    live.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .subprotocols("bearer", token)
            .buildAsync(uri, live)
            .join();
    return live;
  }

  public String subprotocol() {
    return socket.getSubprotocol();
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      long arrived = System.nanoTime();
      try {
        frames.add(new Frame(JSON.readTree(partial.toString()), arrived));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  /** The next message matching {@code wanted} within {@code seconds}; null if none came. */
  public JsonNode next(Predicate<JsonNode> wanted, int seconds) throws InterruptedException {
    Frame frame = nextFrame(wanted, seconds);
    return frame == null ? null : frame.json();
  }

  /** Like {@link #next}, with the frame's arrival time; the ones skipped are dropped. */
  public Frame nextFrame(Predicate<JsonNode> wanted, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      Frame frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (frame != null && wanted.test(frame.json())) {
        return frame;
      }
    }
    return null;
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
  }
}
