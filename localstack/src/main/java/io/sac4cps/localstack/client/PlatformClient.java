package io.sac4cps.localstack.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The platform's public HTTP API as a client sees it (java.net.http, JSON via Jackson): what the
 * demo seeding, the simulator and the e2e scenarios use, whatever the target.
 */
public final class PlatformClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A response: status, raw body and the body parsed as JSON (missing when it is not JSON). */
  public record Response(int status, String body, JsonNode json, HttpResponse<String> raw) {
    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  private final URI baseUrl;
  private final HttpClient http;

  /**
   * @param baseUrl e.g. {@code http://localhost:8000} or an API Gateway stage URL
   */
  public PlatformClient(URI baseUrl) {
    this(baseUrl, HttpClient.newBuilder());
  }

  /**
   * A client whose connections leave from {@code localAddress}, e.g. one of the machine's loopback
   * addresses: to the gateway's per-address limit (the WAF's rate-based rule) it is another client.
   */
  public PlatformClient(URI baseUrl, InetAddress localAddress) {
    this(baseUrl, HttpClient.newBuilder().localAddress(localAddress));
  }

  private PlatformClient(URI baseUrl, HttpClient.Builder http) {
    String url = baseUrl.toString();
    this.baseUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    this.http = http.connectTimeout(Duration.ofSeconds(5)).build();
  }

  public URI baseUrl() {
    return baseUrl;
  }

  public Response get(String path, String token) {
    return send("GET", path, token, null);
  }

  public Response post(String path, String token, Object body) {
    return send("POST", path, token, body);
  }

  public Response put(String path, String token, Object body) {
    return send("PUT", path, token, body);
  }

  /**
   * @param token an access token, sent as {@code Bearer}; null for none
   * @param body serialised as JSON unless it already is a String
   */
  public Response send(String method, String path, String token, Object body) {
    return send(method, path, token, body, java.util.Map.of());
  }

  /** As {@link #send(String, String, String, Object)}, with {@code headers} (a traceparent). */
  public Response send(
      String method,
      String path,
      String token,
      Object body,
      java.util.Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(40))
            .header("Accept", "application/json");
    headers.forEach(request::header);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(toJson(body)));
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), parse(response.body()), response);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + method + " " + path, e);
    }
  }

  private static String toJson(Object body) {
    try {
      return body instanceof String s ? s : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }
}
