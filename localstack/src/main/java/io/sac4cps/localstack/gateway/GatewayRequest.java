package io.sac4cps.localstack.gateway;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP request as the gateway received it, before routing.
 *
 * @param rawPath the path as sent, still percent-encoded
 * @param rawQuery the query string without '?', or null
 * @param headers header names as sent, each with every value received
 */
public record GatewayRequest(
    String requestId,
    String method,
    String rawPath,
    String rawQuery,
    Map<String, List<String>> headers,
    byte[] body,
    String sourceIp,
    Instant receivedAt) {

  public GatewayRequest {
    TreeMap<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> caseInsensitive.put(name, List.copyOf(values)));
    headers = caseInsensitive;
  }

  /** The last value of a header, looked up case-insensitively. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty()
        ? Optional.empty()
        : Optional.of(values.get(values.size() - 1));
  }
}
