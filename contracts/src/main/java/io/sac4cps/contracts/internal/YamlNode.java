package io.sac4cps.contracts.internal;

import io.sac4cps.contracts.InvalidContractException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A value of a parsed YAML tree with its location, so that a malformed contract fails with a
 * message naming the offending key ({@code paths./rooms.get.x-throttle.rateLimit}).
 */
public record YamlNode(Object value, String location) {

  public static YamlNode root(Map<String, Object> document, String name) {
    return new YamlNode(document, name);
  }

  public boolean isMissing() {
    return value == null;
  }

  public boolean has(String key) {
    return !get(key).isMissing();
  }

  /** The child under {@code key}; a missing node (never null) when absent. */
  public YamlNode get(String key) {
    Object child = value instanceof Map<?, ?> map ? map.get(key) : null;
    return new YamlNode(child, location + "." + key);
  }

  public YamlNode required(String key) {
    YamlNode child = get(key);
    if (child.isMissing()) {
      throw new InvalidContractException(child.location + " is missing");
    }
    return child;
  }

  /** The entries of a mapping in document order; empty when missing. */
  public Map<String, YamlNode> entries() {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new InvalidContractException(location + " must be a mapping");
    }
    Map<String, YamlNode> entries = new LinkedHashMap<>();
    map.forEach((k, v) -> entries.put(String.valueOf(k), new YamlNode(v, location + "." + k)));
    return entries;
  }

  /** The items of a sequence; empty when missing. */
  public List<YamlNode> items() {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new InvalidContractException(location + " must be a list");
    }
    List<YamlNode> items = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      items.add(new YamlNode(list.get(i), location + "[" + i + "]"));
    }
    return items;
  }

  public List<String> strings() {
    return items().stream().map(YamlNode::string).toList();
  }

  public String string() {
    if (value instanceof String s && !s.isBlank()) {
      return s;
    }
    throw new InvalidContractException(location + " must be a non-empty string, was " + value);
  }

  public Optional<String> optionalString() {
    return isMissing() ? Optional.empty() : Optional.of(string());
  }

  public int integer() {
    if (value instanceof Integer i) {
      return i;
    }
    throw new InvalidContractException(location + " must be an integer, was " + value);
  }

  public double number() {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw new InvalidContractException(location + " must be a number, was " + value);
  }

  public boolean bool(boolean whenMissing) {
    if (value == null) {
      return whenMissing;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw new InvalidContractException(location + " must be true or false, was " + value);
  }
}
