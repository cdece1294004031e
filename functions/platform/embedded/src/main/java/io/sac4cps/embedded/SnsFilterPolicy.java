package io.sac4cps.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An SNS subscription filter policy: the operators SNS documents (exact string or number, lists of
 * alternatives, {@code prefix}, {@code suffix}, {@code equals-ignore-case}, {@code anything-but},
 * {@code numeric} ranges, {@code exists}, nested keys for the message body and {@code $or}),
 * evaluated against a message turned into a JSON object.
 */
final class SnsFilterPolicy {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode policy;

  private SnsFilterPolicy(JsonNode policy) {
    this.policy = policy;
  }

  /**
   * Parses and checks a policy.
   *
   * @throws IllegalArgumentException with SNS's reason when the policy is not valid
   */
  static SnsFilterPolicy parse(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Filter policy is not valid JSON");
    }
    if (node == null || !node.isObject() || node.isEmpty()) {
      throw new IllegalArgumentException("Filter policy must be a non-empty JSON object");
    }
    validateObject(node);
    return new SnsFilterPolicy(node);
  }

  /** Whether a message whose attributes or body are given as a JSON object passes the policy. */
  boolean matches(JsonNode message) {
    return message != null && message.isObject() && matchesObject(policy, message);
  }

  /**
   * Turns SNS message attributes into the object a policy sees: strings as strings, numbers as
   * numbers, {@code String.Array} as arrays; binary attributes are invisible to filter policies.
   */
  static JsonNode attributesAsJson(Map<String, SnsMessageAttribute> attributes) {
    var object = JSON.createObjectNode();
    attributes.forEach(
        (name, attribute) -> {
          switch (attribute.dataType().split("\\.", 2)[0]) {
            case "Number" -> object.put(name, new BigDecimal(attribute.stringValue()));
            case "String" -> {
              if (attribute.dataType().equals("String.Array")) {
                object.set(name, parseArray(attribute.stringValue()));
              } else {
                object.put(name, attribute.stringValue());
              }
            }
            default -> {}
          }
        });
    return object;
  }

  private static JsonNode parseArray(String value) {
    try {
      JsonNode node = JSON.readTree(value);
      return node != null && node.isArray() ? node : JSON.createArrayNode().add(value);
    } catch (JsonProcessingException e) {
      return JSON.createArrayNode().add(value);
    }
  }

  private static void validateObject(JsonNode object) {
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode value = field.getValue();
      if (field.getKey().equals("$or")) {
        if (!value.isArray() || value.size() < 2) {
          throw new IllegalArgumentException("$or needs a list of at least two policies");
        }
        value.forEach(SnsFilterPolicy::validateObject);
      } else if (value.isObject()) {
        validateObject(value);
      } else if (value.isArray()) {
        value.forEach(SnsFilterPolicy::validateCondition);
      } else {
        throw new IllegalArgumentException(
            "Match value must be an array or object: " + field.getKey());
      }
    }
  }

  private static void validateCondition(JsonNode condition) {
    if (!condition.isObject()) {
      if (condition.isContainerNode()) {
        throw new IllegalArgumentException("Match value must be a string, number or operator");
      }
      return;
    }
    if (condition.size() != 1) {
      throw new IllegalArgumentException("An operator object must hold exactly one operator");
    }
    Map.Entry<String, JsonNode> operator = condition.fields().next();
    JsonNode argument = operator.getValue();
    switch (operator.getKey()) {
      case "prefix", "suffix", "equals-ignore-case" -> {
        if (!argument.isTextual()) {
          throw new IllegalArgumentException(operator.getKey() + " match pattern must be a string");
        }
      }
      case "exists" -> {
        if (!argument.isBoolean()) {
          throw new IllegalArgumentException("exists match pattern must be either true or false");
        }
      }
      case "anything-but" -> {
        if (argument.isObject()) {
          validateCondition(argument);
        } else if (argument.isArray()) {
          argument.forEach(SnsFilterPolicy::validateCondition);
        }
      }
      case "numeric" -> numericRange(argument);
      default -> throw new IllegalArgumentException("Unrecognized match type " + operator.getKey());
    }
  }

  private static boolean matchesObject(JsonNode policy, JsonNode message) {
    for (Iterator<Map.Entry<String, JsonNode>> it = policy.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!matchesField(field.getKey(), field.getValue(), message)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matchesField(String key, JsonNode expected, JsonNode message) {
    if (key.equals("$or")) {
      for (JsonNode alternative : expected) {
        if (matchesObject(alternative, message)) {
          return true;
        }
      }
      return false;
    }
    JsonNode actual = message.get(key);
    if (expected.isObject()) {
      return actual != null && actual.isObject() && matchesObject(expected, actual);
    }
    for (JsonNode condition : expected) {
      if (matchesCondition(condition, actual)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesCondition(JsonNode condition, JsonNode actual) {
    if (condition.isObject() && condition.has("exists")) {
      return condition.get("exists").asBoolean() == (actual != null);
    }
    if (actual == null) {
      return false;
    }
    if (actual.isArray()) {
      if (condition.isObject() && condition.has("anything-but")) {
        // anything-but on a list: no element may be one of the excluded values.
        for (JsonNode element : actual) {
          if (!matchesValue(condition, element)) {
            return false;
          }
        }
        return !actual.isEmpty();
      }
      for (JsonNode element : actual) {
        if (matchesValue(condition, element)) {
          return true;
        }
      }
      return false;
    }
    return matchesValue(condition, actual);
  }

  private static boolean matchesValue(JsonNode condition, JsonNode actual) {
    if (!condition.isObject()) {
      return equalsLiteral(condition, actual);
    }
    Map.Entry<String, JsonNode> operator = condition.fields().next();
    JsonNode argument = operator.getValue();
    return switch (operator.getKey()) {
      case "prefix" -> actual.isTextual() && actual.asText().startsWith(argument.asText());
      case "suffix" -> actual.isTextual() && actual.asText().endsWith(argument.asText());
      case "equals-ignore-case" ->
          actual.isTextual() && actual.asText().equalsIgnoreCase(argument.asText());
      case "numeric" -> actual.isNumber() && inRange(numericRange(argument), actual.decimalValue());
      case "anything-but" -> !matchesAnyOf(argument, actual);
      default -> false;
    };
  }

  private static boolean matchesAnyOf(JsonNode excluded, JsonNode actual) {
    if (excluded.isArray()) {
      for (JsonNode value : excluded) {
        if (matchesValue(value, actual)) {
          return true;
        }
      }
      return false;
    }
    return matchesValue(excluded, actual);
  }

  private static boolean equalsLiteral(JsonNode expected, JsonNode actual) {
    if (expected.isNumber()) {
      return actual.isNumber() && expected.decimalValue().compareTo(actual.decimalValue()) == 0;
    }
    if (expected.isTextual()) {
      return actual.isTextual() && expected.asText().equals(actual.asText());
    }
    return expected.equals(actual);
  }

  private record Bound(String operator, BigDecimal value) {}

  private static List<Bound> numericRange(JsonNode argument) {
    if (!(argument instanceof ArrayNode array) || array.isEmpty() || array.size() % 2 != 0) {
      throw new IllegalArgumentException("Value of numeric must be a list of operator/value pairs");
    }
    if (array.size() > 4) {
      throw new IllegalArgumentException("Too many elements in numeric expression");
    }
    var bounds = new ArrayList<Bound>();
    for (int i = 0; i < array.size(); i += 2) {
      String operator = array.get(i).asText().toLowerCase(Locale.ROOT);
      if (!List.of("=", "<", "<=", ">", ">=").contains(operator) || !array.get(i + 1).isNumber()) {
        throw new IllegalArgumentException("Unrecognized numeric range operator " + operator);
      }
      bounds.add(new Bound(operator, array.get(i + 1).decimalValue()));
    }
    return bounds;
  }

  private static boolean inRange(List<Bound> bounds, BigDecimal value) {
    for (Bound bound : bounds) {
      int comparison = value.compareTo(bound.value());
      boolean holds =
          switch (bound.operator()) {
            case "=" -> comparison == 0;
            case "<" -> comparison < 0;
            case "<=" -> comparison <= 0;
            case ">" -> comparison > 0;
            default -> comparison >= 0;
          };
      if (!holds) {
        return false;
      }
    }
    return true;
  }
}
