package io.sac4cps.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The local WebSocket API with the JDK's WebSocket client: the authorizer decides the handshake,
 * the integration sees $connect/$default/$disconnect, @connections posts, reads and closes, 410 for
 * a closed connection, and AWS's idle and lifetime limits close connections.
 */
class LocalWebSocketApiIT {
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<APIGatewayV2WebSocketEvent> events = new CopyOnWriteArrayList<>();
  private LocalWebSocketApi api;

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private LocalWebSocketApi start(Duration idle, Duration lifetime) {
    api = builder().idleTimeout(idle).maxLifetime(lifetime).start();
    return api;
  }

  private LocalWebSocketApi.Builder builder() {
    return LocalWebSocketApi.builder(
        (headers, query, id) ->
            "good".equals(query.get("token"))
                ? Optional.of(Map.of("tenantId", "t-1", "sub", "u-1", "roles", "admin"))
                : Optional.empty(),
        event -> {
          events.add(event);
          var response = new APIGatewayV2WebSocketResponse();
          response.setStatusCode(200);
          if ("$connect".equals(event.getRequestContext().getRouteKey())) {
            response.setHeaders(Map.of("Sec-WebSocket-Protocol", "bearer"));
          }
          return response;
        });
  }

  /** A client that collects what it receives. */
  static final class Client implements WebSocket.Listener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<Integer> closes = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
      closes.add(status);
      return null;
    }
  }

  private WebSocket connect(Client client, String token) {
    return http.newWebSocketBuilder()
        .subprotocols("bearer")
        .buildAsync(URI.create(api.webSocketUri() + "?token=" + token), client)
        .join();
  }

  @Test
  void anAllowedClientConnectsTheIntegrationSeesEveryRouteAndPostsReachIt() throws Exception {
    start(Duration.ofMinutes(10), Duration.ofHours(2));
    Client client = new Client();
    WebSocket socket = connect(client, "good");

    assertThat(socket.getSubprotocol()).isEqualTo("bearer");
    APIGatewayV2WebSocketEvent connect = events.get(0);
    assertThat(connect.getRequestContext().getRouteKey()).isEqualTo("$connect");
    assertThat(connect.getRequestContext().getAuthorizer()).containsEntry("tenantId", "t-1");
    String id = connect.getRequestContext().getConnectionId();
    assertThat(api.connectionIds()).containsExactly(id);

    socket.sendText("{\"action\":\"ping\"}", true).join();
    awaitEvents(2);
    assertThat(events.get(1).getRequestContext().getRouteKey()).isEqualTo("$default");
    assertThat(events.get(1).getBody()).isEqualTo("{\"action\":\"ping\"}");

    HttpResponse<String> posted = manage("POST", id, "{\"hello\":\"there\"}");
    assertThat(posted.statusCode()).isEqualTo(200);
    assertThat(client.messages.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"hello\":\"there\"}");
    HttpResponse<String> info = manage("GET", id, null);
    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(info.body()).contains("\"ConnectedAt\"").contains("\"SourceIp\"");

    assertThat(manage("DELETE", id, null).statusCode()).isEqualTo(204);
    assertThat(client.closes.poll(5, TimeUnit.SECONDS)).isEqualTo(1000);
    awaitEvents(3);
    assertThat(events.get(2).getRequestContext().getRouteKey()).isEqualTo("$disconnect");
    HttpResponse<String> gone = manage("POST", id, "late");
    assertThat(gone.statusCode()).isEqualTo(410);
    assertThat(gone.headers().firstValue("x-amzn-ErrorType")).contains("GoneException");
  }

  @Test
  void theGatewayBehindSeesEachClientsOwnAddress() throws Exception {
    HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gateway.createContext(
        "/",
        exchange -> {
          byte[] seen =
              exchange
                  .getRemoteAddress()
                  .getAddress()
                  .getHostAddress()
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, seen.length);
          exchange.getResponseBody().write(seen);
          exchange.close();
        });
    gateway.start();
    try {
      api =
          builder()
              .fallback(new LocalWebSocketApi.Fallback("127.0.0.1", gateway.getAddress().getPort()))
              .start();
      // Two clients on two loopback addresses: the gateway's per-address limits tell them apart.
      for (String from : List.of("127.0.0.7", "127.0.0.8")) {
        HttpClient client =
            HttpClient.newBuilder().localAddress(InetAddress.getByName(from)).build();
        HttpResponse<String> answer =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/rooms"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.body()).as("the address the gateway saw").isEqualTo(from);
      }
    } finally {
      gateway.stop(0);
    }
  }

  @Test
  void aRefusedTokenGets401AndNoConnection() {
    start(Duration.ofMinutes(10), Duration.ofHours(2));

    assertThatThrownBy(() -> connect(new Client(), "bad"))
        .hasCauseInstanceOf(WebSocketHandshakeException.class)
        .satisfies(
            e ->
                assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                    .isEqualTo(401));
    assertThat(events).isEmpty();
    assertThat(api.connectionIds()).isEmpty();
  }

  @Test
  void anIdleConnectionAndOneOpenTooLongAreClosedAsInAws() throws Exception {
    start(Duration.ofMillis(300), Duration.ofSeconds(60));
    Client idle = new Client();
    connect(idle, "good");
    assertThat(idle.closes.poll(5, TimeUnit.SECONDS)).isEqualTo(1001);

    api.close();
    start(Duration.ofSeconds(60), Duration.ofMillis(400));
    Client old = new Client();
    WebSocket socket = connect(old, "good");
    // Active, yet closed at the lifetime limit.
    for (int i = 0; i < 3; i++) {
      socket.sendText("{}", true).join();
      Thread.sleep(100);
    }
    assertThat(old.closes.poll(5, TimeUnit.SECONDS)).isEqualTo(1001);
  }

  private HttpResponse<String> manage(String method, String id, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
            URI.create(
                api.callbackUrl() + "/@connections/" + java.net.URLEncoder.encode(id, "UTF-8")));
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void awaitEvents(int count) throws InterruptedException {
    for (int i = 0; i < 250 && events.size() < count; i++) {
      Thread.sleep(20);
    }
    assertThat(events).hasSizeGreaterThanOrEqualTo(count);
  }
}
