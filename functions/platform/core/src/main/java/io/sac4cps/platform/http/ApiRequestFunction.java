package io.sac4cps.platform.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.micronaut.json.JsonMapper;
import io.sac4cps.platform.problem.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Every HTTP function's Lambda handler (contracts/wiring.yaml): Micronaut's REST payload v1 handler
 * behind two header rules it cannot apply itself (decision 0074).
 *
 * <ul>
 *   <li>A header that HTTP forbids (a name that is not a token, a value with a control character
 *       other than tab) or a single-valued header the platform reads given twice ({@code
 *       Authorization}, {@code Content-Type}, {@code Content-Length}) is a 400 problem naming it.
 *       API Gateway passes such headers on, and Micronaut, which validates headers whenever it
 *       reads them, failed every such request with a 500 and no body, before any filter ran.
 *   <li>{@code Accept} is not negotiated: each operation answers the media types the contract
 *       documents for it (RFC 9110 lets a server disregard {@code Accept}), where Micronaut
 *       answered an undocumented 406.
 * </ul>
 */
public class ApiRequestFunction extends ApiGatewayProxyRequestEventFunction {
  private static final Set<String> SINGLE_VALUED =
      Set.of("authorization", "content-type", "content-length");

  public ApiRequestFunction() {
    super();
  }

  public ApiRequestFunction(ApplicationContext context) {
    super(context);
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(
      APIGatewayProxyRequestEvent event, Context lambdaContext) {
    Optional<Problem.FieldError> refused = refusedHeader(event);
    if (refused.isPresent()) {
      return badRequest(event, refused.get());
    }
    withoutAccept(event);
    return super.handleRequest(event, lambdaContext);
  }

  /** The first header HTTP forbids, or a single-valued one given twice. */
  static Optional<Problem.FieldError> refusedHeader(APIGatewayProxyRequestEvent event) {
    for (Map.Entry<String, List<String>> header : headers(event).entrySet()) {
      String name = header.getKey();
      if (!isToken(name)) {
        return Optional.of(new Problem.FieldError(printable(name), "is not a valid header name"));
      }
      List<String> values = header.getValue();
      for (String value : values) {
        if (value != null && hasControlCharacter(value)) {
          return Optional.of(
              new Problem.FieldError(name, "must not contain control characters (but tab)"));
        }
      }
      if (values.size() > 1 && SINGLE_VALUED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        return Optional.of(new Problem.FieldError(name, "must be given once"));
      }
    }
    return Optional.empty();
  }

  /** API Gateway fills both maps; the multi-value one, when present, holds every value. */
  private static Map<String, List<String>> headers(APIGatewayProxyRequestEvent event) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (event.getHeaders() != null) {
      event.getHeaders().forEach((name, value) -> headers.put(name, List.of(value)));
    }
    if (event.getMultiValueHeaders() != null) {
      event
          .getMultiValueHeaders()
          .forEach((name, values) -> headers.put(name, values == null ? List.of() : values));
    }
    return headers;
  }

  /** Copies, not in place: the caller's maps may be unmodifiable (the local stack's are). */
  private static void withoutAccept(APIGatewayProxyRequestEvent event) {
    if (event.getHeaders() != null) {
      Map<String, String> headers = new LinkedHashMap<>(event.getHeaders());
      headers.keySet().removeIf(name -> name.equalsIgnoreCase("Accept"));
      event.setHeaders(headers);
    }
    if (event.getMultiValueHeaders() != null) {
      Map<String, List<String>> headers = new LinkedHashMap<>(event.getMultiValueHeaders());
      headers.keySet().removeIf(name -> name.equalsIgnoreCase("Accept"));
      event.setMultiValueHeaders(headers);
    }
  }

  /** RFC 9110's token: visible ASCII but delimiters. */
  private static boolean isToken(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasControlCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  private static String printable(String name) {
    StringBuilder shown = new StringBuilder();
    String text = name == null ? "" : name;
    text.codePoints()
        .limit(64)
        .forEach(c -> shown.append(c < 0x20 || c == 0x7f ? "?" : Character.toString(c)));
    return shown.toString();
  }

  private APIGatewayProxyResponseEvent badRequest(
      APIGatewayProxyRequestEvent event, Problem.FieldError error) {
    String requestId =
        event.getRequestContext() != null && event.getRequestContext().getRequestId() != null
            ? event.getRequestContext().getRequestId()
            : UUID.randomUUID().toString();
    Problem problem =
        new Problem(
            Problem.TYPE,
            "Bad Request",
            400,
            "The request has a header HTTP does not allow.",
            event.getPath(),
            requestId,
            new ArrayList<>(List.of(error)));
    String body;
    try {
      body = applicationContext.getBean(JsonMapper.class).writeValueAsString(problem);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", Problem.MEDIA_TYPE);
    headers.put(RequestContextFilter.REQUEST_ID, requestId);
    headers.put(RequestContextFilter.CORRELATION_ID, requestId);
    return new APIGatewayProxyResponseEvent()
        .withStatusCode(400)
        .withHeaders(headers)
        .withMultiValueHeaders(
            headers.entrySet().stream()
                .collect(
                    java.util.stream.Collectors.toMap(
                        Map.Entry::getKey,
                        e -> List.of(e.getValue()),
                        (a, b) -> a,
                        LinkedHashMap::new)))
        .withBody(body)
        .withIsBase64Encoded(false);
  }
}
