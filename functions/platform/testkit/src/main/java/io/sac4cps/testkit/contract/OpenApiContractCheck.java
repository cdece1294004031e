package io.sac4cps.testkit.contract;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.sac4cps.contracts.api.ApiContract;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks API Gateway proxy requests and responses (REST, payload v1) against an OpenAPI document,
 * by default the platform's {@code contracts/openapi.yaml}: path, method, parameters, security
 * header, status, headers, content type and body schema. Thread-safe; the parsed document is
 * expensive, so share instances.
 */
public final class OpenApiContractCheck {

  private static volatile OpenApiContractCheck platform;

  private final OpenApiInteractionValidator validator;

  private OpenApiContractCheck(OpenApiInteractionValidator validator) {
    this.validator = validator;
  }

  /** The check against the platform's contract on the classpath, parsed once per JVM. */
  public static OpenApiContractCheck platformContract() {
    OpenApiContractCheck check = platform;
    if (check == null) {
      synchronized (OpenApiContractCheck.class) {
        check = platform;
        if (check == null) {
          check = of(ApiContract.load().source());
          platform = check;
        }
      }
    }
    return check;
  }

  /** A check against the given OpenAPI 3 document (YAML or JSON text). */
  public static OpenApiContractCheck of(String openApiDocument) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    // Inline every $ref: the validator reads a parameter whose schema is a $ref (e.g. {$ref: Id})
    // as JSON, so `/sensors/thermo-1` would fail with "Unable to parse JSON".
    options.setResolveFully(true);
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(openApiDocument, null, options);
    if (parsed.getOpenAPI() == null || !nullToEmpty(parsed.getMessages()).isEmpty()) {
      throw new IllegalArgumentException("Invalid OpenAPI document: " + parsed.getMessages());
    }
    OpenAPI api = parsed.getOpenAPI();
    inheritGlobalSecurity(api);
    return new OpenApiContractCheck(OpenApiInteractionValidator.createFor(api).build());
  }

  /**
   * The validator only checks an operation's own {@code security}; copy the document-level
   * requirement onto operations that inherit it, so a missing bearer token is reported.
   */
  private static void inheritGlobalSecurity(OpenAPI api) {
    if (api.getSecurity() == null || api.getPaths() == null) {
      return;
    }
    api.getPaths()
        .values()
        .forEach(
            path ->
                path.readOperations().stream()
                    .filter(operation -> operation.getSecurity() == null)
                    .forEach(operation -> operation.setSecurity(api.getSecurity())));
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /**
   * What is wrong with {@code response} as the answer to {@code method path}; empty when it
   * conforms.
   *
   * @param path the concrete request path, e.g. {@code /sensors/temp-1}
   */
  public List<String> responseViolations(
      String method, String path, APIGatewayProxyResponseEvent response) {
    if (response.getStatusCode() == null) {
      return List.of("response has no statusCode");
    }
    return errors(validator.validateResponse(path, method(method), toResponse(response)));
  }

  /** What is wrong with {@code request} for the operation it addresses; empty when it conforms. */
  public List<String> requestViolations(APIGatewayProxyRequestEvent request) {
    return errors(validator.validateRequest(toRequest(request)));
  }

  /** Violations of the request and of the response to it. */
  public List<String> violations(
      APIGatewayProxyRequestEvent request, APIGatewayProxyResponseEvent response) {
    List<String> violations = new ArrayList<>(requestViolations(request));
    violations.addAll(responseViolations(request.getHttpMethod(), request.getPath(), response));
    return violations;
  }

  private static Request.Method method(String method) {
    return Request.Method.valueOf(method.toUpperCase(Locale.ROOT));
  }

  private static SimpleResponse toResponse(APIGatewayProxyResponseEvent event) {
    SimpleResponse.Builder response = new SimpleResponse.Builder(event.getStatusCode());
    headers(event.getHeaders(), event.getMultiValueHeaders()).forEach(response::withHeader);
    if (event.getBody() != null) {
      response.withBody(body(event.getBody(), event.getIsBase64Encoded()));
    }
    return response.build();
  }

  private static SimpleRequest toRequest(APIGatewayProxyRequestEvent event) {
    SimpleRequest.Builder request =
        new SimpleRequest.Builder(event.getHttpMethod(), event.getPath());
    headers(event.getHeaders(), event.getMultiValueHeaders()).forEach(request::withHeader);
    queryParameters(event).forEach(request::withQueryParam);
    if (event.getBody() != null) {
      request.withBody(body(event.getBody(), event.getIsBase64Encoded()));
    }
    return request.build();
  }

  private static byte[] body(String body, Boolean base64) {
    return Boolean.TRUE.equals(base64)
        ? Base64.getDecoder().decode(body)
        : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** API Gateway fills both maps; the multi-value one wins where they overlap. */
  private static Map<String, List<String>> headers(
      Map<String, String> single, Map<String, List<String>> multi) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (single != null) {
      single.forEach((name, value) -> headers.put(name, List.of(value)));
    }
    if (multi != null) {
      multi.forEach(headers::put);
    }
    return headers;
  }

  private static Map<String, List<String>> queryParameters(APIGatewayProxyRequestEvent event) {
    return headers(event.getQueryStringParameters(), event.getMultiValueQueryStringParameters());
  }

  private static List<String> errors(ValidationReport report) {
    return report.getMessages().stream()
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
        .map(OpenApiContractCheck::describe)
        .toList();
  }

  /** The validator's key and message, plus where: the parameter or the body's JSON pointer. */
  private static String describe(ValidationReport.Message message) {
    StringBuilder text =
        new StringBuilder(message.getKey()).append(": ").append(message.getMessage());
    message
        .getContext()
        .ifPresent(
            context -> {
              context
                  .getParameter()
                  .ifPresent(p -> text.append(" [parameter ").append(p.getName()).append(']'));
              context
                  .getPointers()
                  .map(ValidationReport.MessageContext.Pointers::getInstance)
                  .filter(pointer -> !pointer.isEmpty())
                  .ifPresent(pointer -> text.append(" [at ").append(pointer).append(']'));
            });
    message.getAdditionalInfo().forEach(info -> text.append(" (").append(info).append(')'));
    return text.toString();
  }
}
