package io.sac4cps.platform.request;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.sac4cps.platform.http.ReceivedBody;
import io.sac4cps.platform.problem.Problem.FieldError;
import io.sac4cps.platform.problem.ProblemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses, before any controller binds it, every request that contracts/openapi.yaml forbids: a 400
 * naming each field at fault, with the limits read from the contract's schemas (decision 0019). So
 * the functions accept exactly what the contract documents, a client generated from it is never
 * surprised, and nothing the contract forbids (a NUL, {@code "7"} for a number, an unknown field,
 * an id beyond {@code Id}) reaches the code or the database. Runs after authentication, so an
 * unauthenticated caller learns nothing about a route's fields. Items of an array the contract
 * marks {@code x-items-judged-each} (a batch of readings) that break their schema do not refuse the
 * request: the function refuses them one by one ({@link RefusedItems}).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class ContractRequestFilter implements Ordered {
  private final RequestContract contract;
  private final List<RequestRule> rules;
  private final JsonMapper json;

  public ContractRequestFilter(List<RequestRule> rules, JsonMapper json) {
    this.contract = RequestContract.load();
    this.rules = List.copyOf(rules);
    this.json = json;
  }

  @RequestFilter
  public void refuseWhatTheContractForbids(HttpRequest<?> request) {
    Optional<String> body = ReceivedBody.of(request);
    RequestContract.Request received =
        new RequestContract.Request(
            request.getMethodName(),
            request.getPath(),
            name -> request.getParameters().getAll(name),
            name -> request.getHeaders().getAll(name),
            request.getHeaders().findFirst("Content-Type"),
            body);
    RequestContract.Verdict verdict = contract.check(received);
    if (!verdict.errors().isEmpty()) {
      List<FieldError> errors = new ArrayList<>(verdict.errors());
      verdict.refusedItems().values().forEach(items -> errors.addAll(items.values()));
      throw ProblemException.badRequest(withRuleViolations(received, body, errors));
    }
    if (!verdict.refusedItems().isEmpty()) {
      request.setAttribute(RefusedItems.ATTRIBUTE, verdict.refusedItems());
    }
  }

  /** The schema's errors, then those of the operation's own rules on fields not named yet. */
  private List<FieldError> withRuleViolations(
      RequestContract.Request received, Optional<String> body, List<FieldError> errors) {
    Optional<String> operationId = contract.operationId(received);
    if (operationId.isEmpty() || body.isEmpty()) {
      return errors;
    }
    List<RequestRule> applicable =
        rules.stream().filter(r -> r.operationId().equals(operationId.get())).toList();
    if (applicable.isEmpty()) {
      return errors;
    }
    JsonNode tree;
    try {
      tree = json.readValue(body.get().getBytes(StandardCharsets.UTF_8), JsonNode.class);
    } catch (IOException | RuntimeException e) {
      return errors; // not JSON: the schema's answer says so
    }
    Map<String, FieldError> byField = new LinkedHashMap<>();
    errors.forEach(e -> byField.putIfAbsent(e.field(), e));
    for (RequestRule rule : applicable) {
      try {
        rule.violations(tree).forEach(e -> byField.putIfAbsent(e.field(), e));
      } catch (RuntimeException e) {
        // A rule that cannot judge a body this broken adds nothing; the schema's errors stand.
      }
    }
    return List.copyOf(byField.values());
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.after();
  }
}
