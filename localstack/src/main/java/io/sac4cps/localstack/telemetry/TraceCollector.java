package io.sac4cps.localstack.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The local stack's trace collector: functions post their finished spans to {@code POST
 * /_local/spans} (platform's {@code CollectorSpanExporter}), the gateway adds its own, and {@code
 * GET /_local/traces?traceId=} answers one trace as a tree (roots are spans whose parent is not in
 * it, children in start order). Keeps the newest {@value #CAPACITY} spans.
 */
public final class TraceCollector implements HttpHandler {
  static final int CAPACITY = 20_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Deque<JsonNode> spans = new ArrayDeque<>();

  /** Adds spans in the collector's JSON form (an array of objects). */
  public synchronized void add(JsonNode batch) {
    for (JsonNode span : batch.isArray() ? batch : JSON.createArrayNode().add(batch)) {
      if (span.path("traceId").isTextual() && span.path("spanId").isTextual()) {
        spans.addLast(span);
      }
    }
    while (spans.size() > CAPACITY) {
      spans.removeFirst();
    }
  }

  /** The gateway's own span of a request, so a trace's root is where the request arrived. */
  public void gatewaySpan(
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      long startEpochNanos,
      long endEpochNanos,
      int status) {
    ObjectNode span = JSON.createObjectNode();
    span.put("traceId", traceId);
    span.put("spanId", spanId);
    span.put("parentSpanId", parentSpanId);
    span.put("name", name);
    span.put("kind", "SERVER");
    span.put("service", "gateway");
    span.put("startEpochNanos", startEpochNanos);
    span.put("endEpochNanos", endEpochNanos);
    span.put("status", status >= 500 ? "ERROR" : "UNSET");
    span.putObject("attributes").put("http.response.status_code", Integer.toString(status));
    span.putArray("links");
    add(span);
  }

  /** One trace's spans as a tree: {@code {"traceId", "spanCount", "spans": [root…]}}. */
  public synchronized ObjectNode trace(String traceId) {
    List<JsonNode> own =
        spans.stream().filter(s -> traceId.equals(s.path("traceId").asText())).toList();
    Set<String> ids = own.stream().map(s -> s.get("spanId").asText()).collect(Collectors.toSet());
    Map<String, List<JsonNode>> children = new LinkedHashMap<>();
    List<JsonNode> roots = new ArrayList<>();
    for (JsonNode span : own) {
      String parent = span.path("parentSpanId").asText(null);
      if (parent != null && ids.contains(parent)) {
        children.computeIfAbsent(parent, p -> new ArrayList<>()).add(span);
      } else {
        roots.add(span);
      }
    }
    ObjectNode tree = JSON.createObjectNode();
    tree.put("traceId", traceId);
    tree.put("spanCount", own.size());
    ArrayNode out = tree.putArray("spans");
    sorted(roots).forEach(root -> out.add(node(root, children)));
    return tree;
  }

  private static ObjectNode node(JsonNode span, Map<String, List<JsonNode>> children) {
    ObjectNode node = ((ObjectNode) span).deepCopy();
    node.put(
        "durationMs",
        (span.path("endEpochNanos").asLong() - span.path("startEpochNanos").asLong()) / 1e6);
    ArrayNode nested = node.putArray("children");
    sorted(children.getOrDefault(span.get("spanId").asText(), List.of()))
        .forEach(child -> nested.add(node(child, children)));
    return node;
  }

  private static List<JsonNode> sorted(List<JsonNode> spans) {
    return spans.stream()
        .sorted(Comparator.comparingLong(s -> s.path("startEpochNanos").asLong()))
        .toList();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/_local/spans") && exchange.getRequestMethod().equals("POST")) {
        JsonNode batch;
        try {
          batch = JSON.readTree(exchange.getRequestBody());
        } catch (IOException e) {
          respond(exchange, 400, "{\"title\":\"spans must be JSON\"}");
          return;
        }
        add(batch);
        exchange.sendResponseHeaders(204, -1);
      } else if (path.equals("/_local/traces") && exchange.getRequestMethod().equals("GET")) {
        String traceId = query(exchange.getRequestURI().getRawQuery()).get("traceId");
        if (traceId == null || !traceId.matches("[0-9a-f]{32}")) {
          respond(exchange, 400, "{\"title\":\"traceId (32 hex digits) is required\"}");
        } else {
          respond(exchange, 200, JSON.writeValueAsString(trace(traceId)));
        }
      } else {
        respond(exchange, 405, "{\"title\":\"Method Not Allowed\"}");
      }
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          query.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return query;
  }

  private static void respond(HttpExchange exchange, int status, String body) {
    try {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      // The client went away; nothing to answer.
    }
  }
}
