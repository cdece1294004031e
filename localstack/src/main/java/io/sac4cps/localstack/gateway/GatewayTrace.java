package io.sac4cps.localstack.gateway;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The gateway's span of one request, in the caller's trace when it sent a valid {@code
 * traceparent}, else in a new one (as API Gateway starts a trace for a request without one). The
 * function gets {@link #traceparent()} (the gateway's span as parent), the client {@code
 * traceresponse} with the same value, and the access log the trace id.
 *
 * @param parentSpanId the caller's span, or null
 */
record GatewayTrace(String traceId, String spanId, String parentSpanId, String flags) {
  private static final Pattern TRACEPARENT =
      Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
  private static final SecureRandom RANDOM = new SecureRandom();

  static GatewayTrace of(String traceparent) {
    var match = traceparent == null ? null : TRACEPARENT.matcher(traceparent.trim());
    if (match != null
        && match.matches()
        && !match.group(1).equals("0".repeat(32))
        && !match.group(2).equals("0".repeat(16))) {
      return new GatewayTrace(match.group(1), random(8), match.group(2), match.group(3));
    }
    return new GatewayTrace(random(16), random(8), null, "01");
  }

  String traceparent() {
    return "00-" + traceId + "-" + spanId + "-" + flags;
  }

  private static String random(int bytes) {
    byte[] id = new byte[bytes];
    RANDOM.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }
}
