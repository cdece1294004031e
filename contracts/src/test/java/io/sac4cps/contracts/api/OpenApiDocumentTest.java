package io.sac4cps.contracts.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.contracts.wiring.FunctionDefinition;
import io.sac4cps.contracts.wiring.Wiring;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** House rules of openapi.yaml that a parser does not enforce. */
class OpenApiDocumentTest {

  private static final ApiContract CONTRACT = ApiContract.load();
  private static final Map<String, Object> DOC = CONTRACT.document();

  @Test
  void everyErrorResponseIsProblemJson() {
    List<String> notProblems = new ArrayList<>();
    forEachOperation(
        (name, operation) ->
            map(operation.get("responses"))
                .forEach(
                    (status, response) -> {
                      // A health check that is down answers its health document, not a problem.
                      boolean healthDown = name.equals("GET /health") && status.equals("503");
                      if ((status.startsWith("4") || status.startsWith("5")) && !healthDown) {
                        Map<String, Object> content = map(resolve(response).get("content"));
                        Object schema = map(content.get("application/problem+json")).get("schema");
                        if (content.size() != 1
                            || !Map.of("$ref", "#/components/schemas/Problem").equals(schema)) {
                          notProblems.add(name + " " + status);
                        }
                      }
                    }));

    assertThat(notProblems).isEmpty();
  }

  @Test
  void securedOperationsDeclare401And403AndEveryOperationDeclares429() {
    List<String> missing = new ArrayList<>();
    forEachOperation(
        (name, operation) -> {
          Set<String> statuses = map(operation.get("responses")).keySet();
          boolean secured =
              CONTRACT.operation((String) operation.get("operationId")).orElseThrow().secured();
          List<String> expected = secured ? List.of("401", "403", "429") : List.of("429");
          expected.stream()
              .filter(s -> !statuses.contains(s))
              .forEach(s -> missing.add(name + " " + s));
        });

    assertThat(missing).isEmpty();
  }

  @Test
  void problemSchemaCarriesRfc9457MembersAndFieldErrors() {
    Map<String, Object> problem = schema("Problem");

    assertThat(map(problem.get("properties")))
        .containsKeys("type", "title", "status", "detail", "instance", "errors");
    assertThat(map(schema("FieldError").get("properties"))).containsOnlyKeys("field", "message");
  }

  @Test
  void requestBodiesRejectUnknownProperties() {
    List<String> open = new ArrayList<>();
    forEachOperation(
        (name, operation) -> {
          Object body = operation.get("requestBody");
          if (body == null) {
            return;
          }
          map(map(body).get("content"))
              .forEach(
                  (mediaType, media) -> {
                    Map<String, Object> schema = resolve(map(media).get("schema"));
                    List<Object> alternatives =
                        schema.containsKey("oneOf") ? list(schema.get("oneOf")) : List.of(schema);
                    for (Object alternative : alternatives) {
                      if (!Boolean.FALSE.equals(resolve(alternative).get("additionalProperties"))) {
                        open.add(name + " " + mediaType);
                      }
                    }
                  });
        });

    assertThat(open).isEmpty();
  }

  @Test
  void functionsAreThoseOfTheWiringAndTheirPlannedStatusAgrees() {
    Wiring wiring = Wiring.load();
    Set<String> functions =
        wiring.functions().stream().map(FunctionDefinition::name).collect(Collectors.toSet());

    assertThat(CONTRACT.operations())
        .allSatisfy(
            o -> {
              if (!o.function().equals(Operation.GATEWAY)) {
                assertThat(functions).contains(o.function());
                FunctionDefinition function = wiring.function(o.function()).orElseThrow();
                if (function.planned()) {
                  assertThat(o.planned()).as(o.operationId()).isTrue();
                }
              }
            });
  }

  private interface OperationVisitor {
    void visit(String name, Map<String, Object> operation);
  }

  private static void forEachOperation(OperationVisitor visitor) {
    map(DOC.get("paths"))
        .forEach(
            (path, item) ->
                map(item)
                    .forEach(
                        (method, operation) -> {
                          if (operation instanceof Map<?, ?> && !method.startsWith("x-")) {
                            visitor.visit(method.toUpperCase() + " " + path, map(operation));
                          }
                        }));
  }

  private static Map<String, Object> schema(String name) {
    return map(map(map(DOC.get("components")).get("schemas")).get(name));
  }

  /** Follows a local {@code $ref} such as {@code #/components/responses/NotFound}. */
  private static Map<String, Object> resolve(Object node) {
    Map<String, Object> map = map(node);
    Object ref = map.get("$ref");
    if (ref == null) {
      return map;
    }
    Object target = DOC;
    for (String part : ((String) ref).substring(2).split("/")) {
      target = map(target).get(part);
    }
    return resolve(target);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node) {
    return node == null ? Map.of() : (Map<String, Object>) node;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object node) {
    return (List<Object>) node;
  }
}
