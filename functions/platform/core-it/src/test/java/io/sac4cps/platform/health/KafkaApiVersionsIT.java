package io.sac4cps.platform.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sac4cps.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The kafka probe's {@code ApiVersions} exchange (decision 0076): a real broker answers it; a
 * socket that accepts and stays silent, or answers something that is not a Kafka response, is no
 * broker that serves, and the probe says so within its timeout.
 */
class KafkaApiVersionsIT {
  private static final Duration TIMEOUT = Duration.ofMillis(1_500);

  @Test
  void theEmbeddedBrokerAnswersApiVersions() throws Exception {
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.startNew()) {
      // The second address is the broker's, after one that refuses: the first that answers counts.
      new KafkaApiVersions(
              List.of("127.0.0.1:1", "PLAINTEXT://" + kafka.bootstrapServers()), false, TIMEOUT)
          .exchange();
    }
  }

  @Test
  void aSocketThatAcceptsButNeverAnswersIsNoBroker() throws Exception {
    try (Listener silent = new Listener(socket -> {})) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> probe(silent).exchange()).isInstanceOf(SocketTimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isBetween(TIMEOUT.minusMillis(50), TIMEOUT.multipliedBy(3));
    }
  }

  @Test
  void aServerAnsweringSomethingElseIsNoBroker() throws Exception {
    try (Listener http =
        new Listener(
            socket ->
                write(
                    socket,
                    "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))) {
      assertThatThrownBy(() -> probe(http).exchange())
          .isInstanceOf(IOException.class)
          .hasMessageContaining("answered a frame of");
    }
    // A well-sized frame whose content is no ApiVersions response (a wrong correlation id).
    byte[] frame = {0, 0, 0, 8, 0x7f, 0x7f, 0x7f, 0x7f, 1, 2, 3, 4};
    try (Listener garbage = new Listener(socket -> write(socket, frame))) {
      assertThatThrownBy(() -> probe(garbage).exchange())
          .isInstanceOf(IOException.class)
          .hasMessageContaining("answered no ApiVersions response");
    }
  }

  private static KafkaApiVersions probe(Listener listener) {
    return new KafkaApiVersions(List.of("127.0.0.1:" + listener.port()), false, TIMEOUT);
  }

  private static void write(Socket socket, byte[] bytes) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      // the probe gave up
    }
  }

  /** Accepts connections and does {@code answer} with each, keeping it open until closed. */
  private static final class Listener implements AutoCloseable {
    private final ServerSocket server;

    Listener(Consumer<Socket> answer) throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread.ofVirtual()
          .start(
              () -> {
                while (!server.isClosed()) {
                  try {
                    Socket socket = server.accept();
                    Thread.ofVirtual()
                        .start(
                            () -> {
                              try (socket) {
                                answer.accept(socket);
                                socket.getInputStream().transferTo(OutputStream.nullOutputStream());
                              } catch (IOException e) {
                                // closed by the probe
                              }
                            });
                  } catch (IOException e) {
                    return;
                  }
                }
              });
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
