package io.sac4cps.localstack.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sac4cps.contracts.api.AddressRateLimit;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local gateway emulates the WAF's rate-based rule per client address (in AWS: 3,000 requests
 * per 5 minutes, RateLimitFirewall): here 3 per minute, from two loopback addresses over real HTTP.
 */
class AddressRateLimitIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static LocalApiGateway gateway;

  @BeforeAll
  static void start() {
    gateway =
        new LocalApiGateway(
                ProxyEventsTest.CONTRACT,
                GatewaySettings.defaults(0)
                    .withAddressRateLimit(new AddressRateLimit(3, Duration.ofMinutes(1))),
                Map.of(),
                event -> Map.of(),
                () -> Map.of("status", "UP", "functions", List.of()),
                line -> {})
            .start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void anAddressOverTheLimitGets403WafFilteredWhileAnotherAddressIsStillServed() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(get("127.0.0.1", "/no-such-route").status())
          .as("request %d", i + 1)
          .isEqualTo(404);
    }
    Answer blocked = get("127.0.0.1", "/no-such-route");
    assertThat(blocked.status()).isEqualTo(403);
    assertThat(blocked.contentType()).startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(blocked.body());
    assertThat(problem.path("title").asText()).isEqualTo("WAF_FILTERED");
    assertThat(problem.path("requestId").asText()).isNotBlank();
    // Before routing, like WAF in front of the stage: /health is blocked too.
    assertThat(get("127.0.0.1", "/health").status()).isEqualTo(403);

    assertThat(get("127.0.0.2", "/no-such-route").status()).as("another address").isEqualTo(404);
  }

  private record Answer(int status, String contentType, String body) {}

  /** A plain HTTP/1.1 GET sent from {@code sourceAddress}, a loopback address of this machine. */
  private static Answer get(String sourceAddress, String path) throws Exception {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
      socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(response.substring(9, 12));
      String headers = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
      int at = headers.indexOf("\r\ncontent-type:");
      String contentType =
          at < 0 ? "" : headers.substring(at + 15, headers.indexOf("\r\n", at + 2)).trim();
      // The JSON document only, whether the body came chunked or not.
      String body = response.substring(response.indexOf('{'), response.lastIndexOf('}') + 1);
      return new Answer(status, contentType, body);
    }
  }
}
