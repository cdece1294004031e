package io.sac4cps.embedded;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of one SNS call in the AWS query protocol ({@code Action=Publish&TopicArn=...}),
 * with the helpers to read its flattened lists ({@code X.member.N}) and maps ({@code X.entry.N}).
 */
final class SnsQueryRequest {

  private final Map<String, String> parameters;

  private SnsQueryRequest(Map<String, String> parameters) {
    this.parameters = parameters;
  }

  static SnsQueryRequest parse(String formEncoded) {
    Map<String, String> parameters = new HashMap<>();
    for (String pair : formEncoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      parameters.put(decode(name), decode(value));
    }
    return new SnsQueryRequest(parameters);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  String action() {
    return parameters.getOrDefault("Action", "");
  }

  String optional(String name) {
    return parameters.get(name);
  }

  String required(String name) {
    String value = parameters.get(name);
    if (value == null || value.isEmpty()) {
      throw SnsError.invalidParameter(name);
    }
    return value;
  }

  /** A map given as {@code prefix.entry.N.key} / {@code prefix.entry.N.value}. */
  Map<String, String> map(String prefix) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 1; parameters.containsKey(prefix + ".entry." + i + ".key"); i++) {
      map.put(
          parameters.get(prefix + ".entry." + i + ".key"),
          parameters.getOrDefault(prefix + ".entry." + i + ".value", ""));
    }
    return map;
  }

  /** Message attributes given as {@code prefix.entry.N.Name} / {@code .Value.DataType} etc. */
  Map<String, SnsMessageAttribute> messageAttributes(String prefix) {
    Map<String, SnsMessageAttribute> attributes = new LinkedHashMap<>();
    for (int i = 1; parameters.containsKey(prefix + ".entry." + i + ".Name"); i++) {
      String entry = prefix + ".entry." + i;
      String name = parameters.get(entry + ".Name");
      String dataType = parameters.get(entry + ".Value.DataType");
      if (dataType == null || dataType.isEmpty()) {
        throw SnsError.invalidParameter(
            "The message attribute '" + name + "' must contain non-empty message attribute type.");
      }
      var attribute =
          new SnsMessageAttribute(
              dataType,
              parameters.get(entry + ".Value.StringValue"),
              parameters.get(entry + ".Value.BinaryValue"));
      validate(name, attribute);
      attributes.put(name, attribute);
    }
    return attributes;
  }

  private static void validate(String name, SnsMessageAttribute attribute) {
    String baseType = attribute.dataType().split("\\.", 2)[0];
    String value = attribute.isBinary() ? attribute.binaryValue() : attribute.stringValue();
    if (!List.of("String", "Number", "Binary").contains(baseType)) {
      throw SnsError.invalidParameter(
          "The message attribute '"
              + name
              + "' has an invalid message attribute type, the set of supported type prefixes is"
              + " Binary, Number, and String.");
    }
    if (value == null) {
      throw SnsError.invalidParameter(
          "The message attribute '" + name + "' must contain non-empty message attribute value.");
    }
    if (baseType.equals("Number")) {
      try {
        new BigDecimal(value);
      } catch (NumberFormatException e) {
        throw SnsError.invalidParameter(
            "Could not cast message attribute '" + name + "' value to number.");
      }
    }
  }

  /** The indexes 1..N present in a list given as {@code prefix.member.N.<field>}. */
  List<String> members(String prefix, String field) {
    List<String> members = new ArrayList<>();
    for (int i = 1; parameters.containsKey(prefix + ".member." + i + "." + field); i++) {
      members.add(prefix + ".member." + i);
    }
    return members;
  }
}
