package io.sac4cps.testkit.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a function answered through {@link ApiFunction}: status, headers (names case-insensitive, a
 * multi-value header joined with commas) and the body, raw or parsed as JSON.
 *
 * @param event the response event as the handler returned it
 */
public record ApiResponse(APIGatewayProxyResponseEvent event) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public int status() {
    return event.getStatusCode();
  }

  public Map<String, String> headers() {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (event.getHeaders() != null) {
      headers.putAll(event.getHeaders());
    }
    if (event.getMultiValueHeaders() != null) {
      event
          .getMultiValueHeaders()
          .forEach((name, values) -> headers.put(name, String.join(",", values)));
    }
    return Collections.unmodifiableMap(headers);
  }

  /** The header's value, or null. */
  public String header(String name) {
    return headers().get(name);
  }

  public String body() {
    return event.getBody();
  }

  /** The body as a JSON tree; null when there is no body. */
  public JsonNode json() {
    try {
      return event.getBody() == null ? null : JSON.readTree(event.getBody());
    } catch (IOException e) {
      throw new UncheckedIOException("the body is not JSON: " + event.getBody(), e);
    }
  }

  /** A top-level field of the JSON body as text ({@code ""} when absent). */
  public String text(String field) {
    return json().path(field).asText();
  }

  /** The JSON object body as maps, lists, strings, numbers and booleans. */
  public Map<String, Object> jsonMap() {
    try {
      return JSON.readValue(event.getBody(), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("the body is not a JSON object: " + event.getBody(), e);
    }
  }

  @Override
  public String toString() {
    return status() + " " + event.getBody();
  }
}
