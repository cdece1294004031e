package io.sac4cps.embedded;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for an API Gateway WebSocket API and its {@code @connections} management API, on
 * one port: WebSocket clients (RFC 6455) connect at {@code path}, the authorizer decides the
 * handshake, and the integration receives {@link APIGatewayV2WebSocketEvent}s for {@code $connect},
 * {@code $disconnect} and each client message ({@code $default}) as Lambda would; the AWS SDK's
 * {@code ApiGatewayManagementApiClient}, pointed here by endpoint override, posts to ({@code POST
 * /@connections/{id}}: 410 Gone once a connection is closed), reads ({@code GET}) and closes
 * ({@code DELETE}) connections. As in AWS, a connection idle for {@code idleTimeout} (10 minutes)
 * or open for {@code maxLifetime} (2 hours) is closed. Any other request is handed to {@code
 * fallback} when given (the REST gateway, so both share a port), else answered 404.
 *
 * <p>Never logs a header or query value: tokens travel in {@code Sec-WebSocket-Protocol} or {@code
 * ?token=}.
 */
public final class LocalWebSocketApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalWebSocketApi.class);
  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final int MAX_HEAD = 16 * 1024;

  /** API Gateway's limits: 128 KB per message (post or client frame), 32 KB per client frame. */
  private static final int MAX_MESSAGE = 128 * 1024;

  /** Decides a handshake: the authorizer's context, or empty for 401. */
  @FunctionalInterface
  public interface Authorizer {
    Optional<Map<String, Object>> authorize(
        Map<String, String> headers, Map<String, String> query, String connectionId);
  }

  /** The route integration (the WebSocket handler Lambda). */
  @FunctionalInterface
  public interface Integration {
    APIGatewayV2WebSocketResponse invoke(APIGatewayV2WebSocketEvent event);
  }

  /** Where a request that is neither a handshake nor {@code @connections} goes. */
  public record Fallback(String host, int port) {}

  private final ServerSocket server;
  private final String path;
  private final Authorizer authorizer;
  private final Integration integration;
  private final Duration idleTimeout;
  private final Duration maxLifetime;
  private final Fallback fallback;
  private final String stage;
  private final Map<String, java.util.function.Supplier<String>> localPages;
  private final Clock clock = Clock.systemUTC();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService expiry =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
  private final Map<String, Peer> peers = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private volatile boolean closed;

  private LocalWebSocketApi(Builder b) throws IOException {
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(b.host, b.port), 512);
    this.path = b.path;
    this.authorizer = b.authorizer;
    this.integration = b.integration;
    this.idleTimeout = b.idleTimeout;
    this.maxLifetime = b.maxLifetime;
    this.fallback = b.fallback;
    this.stage = b.stage;
    this.localPages = Map.copyOf(b.localPages);
    threads.execute(this::accept);
  }

  public static Builder builder(Authorizer authorizer, Integration integration) {
    return new Builder(authorizer, integration);
  }

  /** Settings; defaults are AWS's limits on a free loopback port. */
  public static final class Builder {
    private final Authorizer authorizer;
    private final Integration integration;
    private String host = InetAddress.getLoopbackAddress().getHostAddress();
    private int port;
    private String path = "/ws/notifications";
    private Duration idleTimeout = Duration.ofMinutes(10);
    private Duration maxLifetime = Duration.ofHours(2);
    private Fallback fallback;
    private String stage = "local";
    private final Map<String, java.util.function.Supplier<String>> localPages =
        new LinkedHashMap<>();

    private Builder(Authorizer authorizer, Integration integration) {
      this.authorizer = authorizer;
      this.integration = integration;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder path(String path) {
      this.path = path;
      return this;
    }

    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    public Builder maxLifetime(Duration maxLifetime) {
      this.maxLifetime = maxLifetime;
      return this;
    }

    public Builder fallback(Fallback fallback) {
      this.fallback = fallback;
      return this;
    }

    /** A JSON page of the local stack itself (e.g. {@code /_local/mail}), answered to GET. */
    public Builder localPage(String path, java.util.function.Supplier<String> json) {
      localPages.put(path, json);
      return this;
    }

    public Builder stage(String stage) {
      this.stage = stage;
      return this;
    }

    public LocalWebSocketApi start() {
      try {
        return new LocalWebSocketApi(this);
      } catch (IOException e) {
        throw new IllegalStateException("the local WebSocket API could not bind " + port, e);
      }
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** {@code ws://host:port/ws/notifications}. */
  public URI webSocketUri() {
    return URI.create("ws://" + hostForUri() + ":" + port() + path);
  }

  /** The endpoint the management API client is pointed at ({@code http://host:port}). */
  public URI callbackUrl() {
    return URI.create("http://" + hostForUri() + ":" + port());
  }

  /** The ids of the open connections. */
  public List<String> connectionIds() {
    return List.copyOf(peers.keySet());
  }

  private String hostForUri() {
    String host = server.getInetAddress().getHostAddress();
    return host.contains(":") ? "[" + host + "]" : host;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        threads.execute(() -> serve(socket));
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("local WebSocket API: accept failed", e);
        }
      }
    }
  }

  /** One TCP connection: HTTP requests (keep-alive) until one upgrades or goes elsewhere. */
  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (!closed) {
        Request request = Request.read(in);
        if (request == null) {
          return;
        }
        if (request.path.equals(path) && "websocket".equalsIgnoreCase(request.header("upgrade"))) {
          handshake(socket, request);
          return;
        }
        if (request.path.startsWith("/@connections/")) {
          manage(request, in, out);
          continue;
        }
        if (localPages.containsKey(request.path) && request.method.equals("GET")) {
          drain(request, in);
          respond(out, 200, "OK", Map.of(), localPages.get(request.path).get());
          continue;
        }
        if (fallback != null) {
          forward(socket, request);
          return;
        }
        drain(request, in);
        respond(out, 404, "Not Found", Map.of(), "{\"message\":\"Not Found\"}");
      }
    } catch (IOException e) {
      // The client went away; nothing to answer.
    }
  }

  // ------------------------------------------------------------------ WebSocket connections

  private void handshake(Socket socket, Request request) throws IOException {
    OutputStream out = socket.getOutputStream();
    String key = request.header("sec-websocket-key");
    if (key == null || !"13".equals(request.header("sec-websocket-version"))) {
      respond(out, 400, "Bad Request", Map.of(), "");
      return;
    }
    String connectionId = newConnectionId();
    Optional<Map<String, Object>> context;
    try {
      context = authorizer.authorize(request.headers, request.query, connectionId);
    } catch (RuntimeException e) {
      LOG.warn("local WebSocket API: the authorizer failed ({})", e.getClass().getSimpleName());
      respond(out, 500, "Internal Server Error", Map.of(), "");
      return;
    }
    if (context.isEmpty()) {
      respond(out, 401, "Unauthorized", Map.of(), "{\"message\":\"Unauthorized\"}");
      return;
    }
    Instant connectedAt = clock.instant();
    Peer peer =
        new Peer(
            connectionId,
            socket,
            connectedAt,
            socket.getInetAddress().getHostAddress(),
            request.header("user-agent"),
            context.get());
    APIGatewayV2WebSocketResponse connected =
        invoke(peer, "$connect", "CONNECT", null, request.headers, request.query);
    int status = connected == null ? 502 : connected.getStatusCode();
    if (status < 200 || status > 299) {
      respond(out, status == 0 ? 502 : status, "Refused", Map.of(), "");
      return;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Upgrade", "websocket");
    headers.put("Connection", "Upgrade");
    headers.put("Sec-WebSocket-Accept", accept(key));
    // As in AWS: the subprotocol is the integration's answer, never copied from the request.
    header(connected.getHeaders(), "Sec-WebSocket-Protocol")
        .ifPresent(p -> headers.put("Sec-WebSocket-Protocol", p));
    writeHead(out, 101, "Switching Protocols", headers, 0, false);
    out.flush();
    peers.put(connectionId, peer);
    expiry.schedule(
        () -> peer.close(1001, "Going away: connection duration exceeded"),
        maxLifetime.toMillis(),
        TimeUnit.MILLISECONDS);
    try {
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()));
      readFrames(peer);
    } catch (SocketTimeoutException e) {
      peer.close(1001, "Going away: idle timeout");
    } catch (IOException e) {
      // Closed by either side.
    } finally {
      peers.remove(connectionId);
      peer.closeSocket();
      invoke(peer, "$disconnect", "DISCONNECT", null, Map.of(), Map.of());
    }
  }

  private void readFrames(Peer peer) throws IOException {
    InputStream in = peer.socket.getInputStream();
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    while (true) {
      int b0 = in.read();
      if (b0 < 0) {
        return;
      }
      int b1 = readByte(in);
      boolean fin = (b0 & 0x80) != 0;
      int opcode = b0 & 0x0F;
      boolean masked = (b1 & 0x80) != 0;
      long length = b1 & 0x7F;
      if (length == 126) {
        length = (readByte(in) << 8) | readByte(in);
      } else if (length == 127) {
        length = 0;
        for (int i = 0; i < 8; i++) {
          length = (length << 8) | readByte(in);
        }
      }
      if (!masked || length > MAX_MESSAGE || message.size() + length > MAX_MESSAGE) {
        peer.close(1009, "message too big or unmasked");
        return;
      }
      byte[] mask = in.readNBytes(4);
      byte[] payload = in.readNBytes((int) length);
      if (payload.length < length || mask.length < 4) {
        return;
      }
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= mask[i % 4];
      }
      peer.lastActiveAt = clock.instant();
      switch (opcode) {
        case 0x8 -> {
          peer.close(1000, "");
          return;
        }
        case 0x9 -> peer.send(0xA, payload);
        case 0xA -> {}
        case 0x0, 0x1, 0x2 -> {
          message.write(payload);
          if (fin) {
            String body = message.toString(StandardCharsets.UTF_8);
            message.reset();
            invoke(peer, "$default", "MESSAGE", body, Map.of(), Map.of());
          }
        }
        default -> {
          peer.close(1002, "unknown opcode");
          return;
        }
      }
    }
  }

  private APIGatewayV2WebSocketResponse invoke(
      Peer peer,
      String routeKey,
      String eventType,
      String body,
      Map<String, String> headers,
      Map<String, String> query) {
    var context = new APIGatewayV2WebSocketEvent.RequestContext();
    context.setRouteKey(routeKey);
    context.setEventType(eventType);
    context.setConnectionId(peer.connectionId);
    context.setConnectedAt(peer.connectedAt.toEpochMilli());
    context.setRequestTimeEpoch(clock.millis());
    context.setRequestId(UUID.randomUUID().toString());
    context.setMessageDirection("IN");
    context.setStage(stage);
    context.setApiId("local");
    context.setDomainName(server.getInetAddress().getHostAddress());
    if ("MESSAGE".equals(eventType)) {
      context.setMessageId(UUID.randomUUID().toString());
    }
    context.setAuthorizer(new LinkedHashMap<>(peer.authorizerContext));
    var event = new APIGatewayV2WebSocketEvent();
    event.setRequestContext(context);
    event.setIsBase64Encoded(false);
    event.setBody(body);
    if (!headers.isEmpty()) {
      event.setHeaders(new LinkedHashMap<>(headers));
    }
    if (!query.isEmpty()) {
      event.setQueryStringParameters(new LinkedHashMap<>(query));
    }
    try {
      return integration.invoke(event);
    } catch (RuntimeException e) {
      LOG.warn("local WebSocket API: {} failed", routeKey, e);
      return null;
    }
  }

  // ------------------------------------------------------------------ @connections

  private void manage(Request request, InputStream in, OutputStream out) throws IOException {
    String id =
        URLDecoder.decode(
            request.path.substring("/@connections/".length()), StandardCharsets.UTF_8);
    byte[] body = drain(request, in);
    Peer peer = peers.get(id);
    if (peer == null) {
      respond(
          out,
          410,
          "Gone",
          Map.of("x-amzn-ErrorType", "GoneException"),
          "{\"message\":\"The connection is gone.\"}");
      return;
    }
    switch (request.method) {
      case "POST" -> {
        if (body.length > MAX_MESSAGE) {
          respond(
              out,
              413,
              "Payload Too Large",
              Map.of("x-amzn-ErrorType", "PayloadTooLargeException"),
              "{\"message\":\"Message too long\"}");
          return;
        }
        try {
          peer.send(0x1, body);
          respond(out, 200, "OK", Map.of(), "");
        } catch (IOException e) {
          peers.remove(id);
          respond(
              out,
              410,
              "Gone",
              Map.of("x-amzn-ErrorType", "GoneException"),
              "{\"message\":\"The connection is gone.\"}");
        }
      }
      case "GET" ->
          respond(
              out,
              200,
              "OK",
              Map.of(),
              "{\"ConnectedAt\":\""
                  + peer.connectedAt
                  + "\",\"LastActiveAt\":\""
                  + peer.lastActiveAt
                  + "\",\"Identity\":{\"SourceIp\":\""
                  + peer.sourceIp
                  + "\",\"UserAgent\":"
                  + (peer.userAgent == null ? "null" : "\"" + jsonEscape(peer.userAgent) + "\"")
                  + "}}");
      case "DELETE" -> {
        peer.close(1000, "");
        respond(out, 204, "No Content", Map.of(), "");
      }
      default -> respond(out, 405, "Method Not Allowed", Map.of(), "");
    }
  }

  // ------------------------------------------------------------------ other requests

  /** Pipes the request (its head already read) and the rest of the connection to the fallback. */
  private void forward(Socket client, Request request) throws IOException {
    try (Socket upstream = upstreamFor(client)) {
      upstream.setTcpNoDelay(true);
      OutputStream up = upstream.getOutputStream();
      up.write(request.head);
      up.flush();
      var toUpstream =
          threads.submit(
              () -> {
                try {
                  client.getInputStream().transferTo(up);
                  upstream.shutdownOutput();
                } catch (IOException e) {
                  // Either side closed.
                }
                return null;
              });
      try {
        upstream.getInputStream().transferTo(client.getOutputStream());
      } catch (SocketException e) {
        // Either side closed.
      }
      toUpstream.cancel(true);
    }
  }

  /**
   * A connection to the fallback that leaves from the client's own address when both are this
   * machine's loopback addresses, so the gateway behind sees each client apart (its per-address
   * limits, the {@code sourceIp} of its events), as API Gateway sees the caller and not a proxy.
   */
  private Socket upstreamFor(Socket client) throws IOException {
    Socket upstream = new Socket();
    InetSocketAddress target = new InetSocketAddress(fallback.host(), fallback.port());
    if (client.getInetAddress().isLoopbackAddress() && target.getAddress().isLoopbackAddress()) {
      upstream.bind(new InetSocketAddress(client.getInetAddress(), 0));
    }
    upstream.connect(target);
    return upstream;
  }

  private static byte[] drain(Request request, InputStream in) throws IOException {
    String length = request.header("content-length");
    if (length == null) {
      return new byte[0];
    }
    int n = Integer.parseInt(length.strip());
    if (n > 2 * MAX_MESSAGE) {
      throw new IOException("body too large");
    }
    byte[] body = in.readNBytes(n);
    if (body.length < n) {
      throw new EOFException();
    }
    return body;
  }

  private static void respond(
      OutputStream out, int status, String reason, Map<String, String> headers, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> all = new LinkedHashMap<>(headers);
    if (bytes.length > 0) {
      all.put("Content-Type", "application/json");
    }
    writeHead(out, status, reason, all, bytes.length, true);
    out.write(bytes);
    out.flush();
  }

  private static void writeHead(
      OutputStream out,
      int status,
      String reason,
      Map<String, String> headers,
      int contentLength,
      boolean withLength)
      throws IOException {
    StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " " + reason + "\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (withLength) {
      head.append("Content-Length: ").append(contentLength).append("\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  private String newConnectionId() {
    byte[] bytes = new byte[10];
    random.nextBytes(bytes);
    // API Gateway's ids look like "L0SM9cOFvHcCIhw=": base64 of a few bytes.
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String accept(String key) {
    try {
      byte[] sha1 =
          MessageDigest.getInstance("SHA-1")
              .digest((key.strip() + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }

  private static int readByte(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException();
    }
    return b;
  }

  private static Optional<String> header(Map<String, String> headers, String name) {
    if (headers == null) {
      return Optional.empty();
    }
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  private static String jsonEscape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // Closing anyway.
    }
    new ArrayList<>(peers.values()).forEach(p -> p.close(1001, "Going away"));
    expiry.shutdownNow();
    threads.shutdownNow();
  }

  /** An open WebSocket connection. */
  private static final class Peer {
    final String connectionId;
    final Socket socket;
    final Instant connectedAt;
    final String sourceIp;
    final String userAgent;
    final Map<String, Object> authorizerContext;
    volatile Instant lastActiveAt;
    private boolean closeSent;

    Peer(
        String connectionId,
        Socket socket,
        Instant connectedAt,
        String sourceIp,
        String userAgent,
        Map<String, Object> authorizerContext) {
      this.connectionId = connectionId;
      this.socket = socket;
      this.connectedAt = connectedAt;
      this.lastActiveAt = connectedAt;
      this.sourceIp = sourceIp;
      this.userAgent = userAgent;
      this.authorizerContext = Map.copyOf(authorizerContext);
    }

    /** One unfragmented, unmasked frame (server to client). */
    synchronized void send(int opcode, byte[] payload) throws IOException {
      if (closeSent) {
        throw new SocketException("closed");
      }
      OutputStream out = socket.getOutputStream();
      ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
      frame.write(0x80 | opcode);
      if (payload.length < 126) {
        frame.write(payload.length);
      } else if (payload.length <= 0xFFFF) {
        frame.write(126);
        frame.write(payload.length >>> 8);
        frame.write(payload.length & 0xFF);
      } else {
        frame.write(127);
        for (int i = 7; i >= 0; i--) {
          frame.write((int) (((long) payload.length >>> (8 * i)) & 0xFF));
        }
      }
      frame.write(payload);
      out.write(frame.toByteArray());
      out.flush();
    }

    /** Sends a close frame and closes the socket (the reader then runs $disconnect). */
    void close(int code, String reason) {
      byte[] text = reason.getBytes(StandardCharsets.UTF_8);
      byte[] payload = new byte[2 + text.length];
      payload[0] = (byte) (code >>> 8);
      payload[1] = (byte) code;
      System.arraycopy(text, 0, payload, 2, text.length);
      try {
        send(0x8, payload);
      } catch (IOException e) {
        // Already gone.
      }
      synchronized (this) {
        closeSent = true;
      }
      closeSocket();
    }

    void closeSocket() {
      try {
        socket.close();
      } catch (IOException e) {
        // Closing anyway.
      }
    }
  }

  /** An HTTP/1.1 request head (and its raw bytes, for forwarding). */
  private record Request(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      byte[] head) {

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The next request head on the connection, or null at its end. */
    static Request read(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          return null;
        }
        head.write(b);
        if (head.size() > MAX_HEAD) {
          throw new IOException("request head too large");
        }
        matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      byte[] raw = head.toByteArray();
      String[] lines = new String(raw, StandardCharsets.ISO_8859_1).split("\r\n");
      String[] start = lines[0].split(" ");
      if (start.length < 3) {
        throw new IOException("not an HTTP request");
      }
      String target = start[1];
      int question = target.indexOf('?');
      String path = question < 0 ? target : target.substring(0, question);
      Map<String, String> query = new LinkedHashMap<>();
      if (question >= 0) {
        for (String pair : target.substring(question + 1).split("&")) {
          if (pair.isEmpty()) {
            continue;
          }
          String[] kv = pair.split("=", 2);
          query.put(
              URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
              kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
      }
      // Lower-case names, as a lookup; the event gets them as the client sent them below.
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          String name = lines[i].substring(0, colon).strip();
          String value = lines[i].substring(colon + 1).strip();
          headers.merge(name, value, (a, b) -> a + "," + b);
        }
      }
      return new Request(start[0], path, query, headers, raw);
    }
  }
}
