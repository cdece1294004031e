package io.sac4cps.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4cps.embedded.EmbeddedMailServer;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.lambda.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code smtp} dependency of notifications' {@code GET /health} (decisions 0073, 0076) against
 * GreenMail, reached through a front that passes the connection on at once (UP), after a delay
 * longer than {@code slow-after} (DEGRADED), or accepts it and never greets (DOWN at the probe
 * timeout, the route no slower than that).
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SQS})
class SmtpHealthIT {
  private static final Duration TIMEOUT = Duration.ofMillis(2_000);
  private static final Duration SLOW_AFTER = Duration.ofMillis(300);

  @Test
  void smtpIsUpWhenItGreetsDegradedWhenSlowAndDownWhenSilent(Infrastructure infra)
      throws Exception {
    try (EmbeddedMailServer mail = EmbeddedMailServer.start();
        SmtpFront front = new SmtpFront(mail.port());
        NotificationsStack stack =
            NotificationsStack.start(
                infra,
                mail,
                Map.of(
                    "aws.services.ses.smtp.port",
                    front.port(),
                    "sac4cps.health.probe-timeout",
                    TIMEOUT.toMillis() + "ms",
                    "sac4cps.health.first-probe-timeout",
                    "10s",
                    "sac4cps.health.slow-after",
                    SLOW_AFTER.toMillis() + "ms",
                    "sac4cps.health.cache-for",
                    "0s"))) {
      JsonNode up = health(stack);
      assertThat(up.at("/dependencies/smtp/status").asText()).as(up.toString()).isEqualTo("UP");
      assertThat(up.at("/status").asText()).isEqualTo("UP");

      front.delay = Duration.ofMillis(600);
      JsonNode slow = health(stack);
      assertThat(slow.at("/dependencies/smtp/status").asText())
          .as(slow.toString())
          .isEqualTo("DEGRADED");
      assertThat(slow.at("/dependencies/smtp/latencyMs").asLong())
          .isBetween(600L, TIMEOUT.toMillis());
      assertThat(slow.at("/status").asText()).isEqualTo("DEGRADED");

      front.silent = true;
      long started = System.nanoTime();
      JsonNode silent = health(stack);
      long tookMs = (System.nanoTime() - started) / 1_000_000;
      assertThat(silent.at("/dependencies/smtp/status").asText())
          .as(silent.toString())
          .isEqualTo("DOWN");
      // The probe's own read timeout is the probe timeout too: whichever ends first reports it.
      assertThat(silent.at("/dependencies/smtp/latencyMs").asLong())
          .isBetween(TIMEOUT.toMillis(), TIMEOUT.toMillis() + 500);
      assertThat(tookMs)
          .as("the route waits for the probe timeout only")
          .isLessThan(TIMEOUT.toMillis() + 800);
      assertThat(silent.at("/checks/database").asText()).isEqualTo("UP");
      assertThat(silent.at("/status").asText())
          .as("email waits; the function serves")
          .isEqualTo("DEGRADED");

      front.silent = false;
      front.delay = Duration.ZERO;
      // The silent probe may still be running (it is not started twice): UP once it ended.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      JsonNode back = health(stack);
      while (!back.at("/dependencies/smtp/status").asText().equals("UP")
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
        back = health(stack);
      }
      assertThat(back.at("/dependencies/smtp/status").asText()).as(back.toString()).isEqualTo("UP");
    }
  }

  private static JsonNode health(NotificationsStack stack) {
    ApiResponse response = stack.api().get("/health", null);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  /** A TCP front of the mail server: forwards, forwards late, or accepts and stays silent. */
  private static final class SmtpFront implements AutoCloseable {
    private final ServerSocket server;
    private final int upstream;
    volatile Duration delay = Duration.ZERO;
    volatile boolean silent;

    SmtpFront(int upstream) throws IOException {
      this.upstream = upstream;
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread.ofVirtual().start(this::accept);
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          Thread.ofVirtual().start(() -> serve(client));
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket client) {
      try (client) {
        if (silent) {
          client.getInputStream().transferTo(OutputStream.nullOutputStream());
          return;
        }
        // The fault under test: the server answers, late.
        Thread.sleep(delay.toMillis());
        try (Socket mail = new Socket(InetAddress.getLoopbackAddress(), upstream)) {
          Thread toMail = Thread.ofVirtual().start(() -> pump(client, mail));
          pump(mail, client);
          toMail.join();
        }
      } catch (IOException | InterruptedException e) {
        // the probe closed its end
      }
    }

    private static void pump(Socket from, Socket to) {
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        byte[] buffer = new byte[4096];
        for (int read; (read = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, read);
          out.flush();
        }
        to.shutdownOutput();
      } catch (IOException e) {
        // one side closed
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
