package io.sac4cps.platform.request;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/** An {@code application/x-www-form-urlencoded} body as an object of its fields. */
final class FormBody {
  private FormBody() {}

  /** A field given twice; the message is its name. */
  static final class RepeatedField extends Exception {
    RepeatedField(String field) {
      super(field, null, false, false);
    }
  }

  /**
   * @param schemaOf the schema of a field, to convert its text as {@code convert} does
   */
  static Map<String, Object> decode(
      String text,
      Function<String, Map<String, Object>> schemaOf,
      BiFunction<String, Map<String, Object>, Object> convert)
      throws RepeatedField {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      String[] nameAndValue = pair.split("=", 2);
      String name = decode(nameAndValue[0]);
      String value = nameAndValue.length < 2 ? "" : decode(nameAndValue[1]);
      if (fields.put(name, convert.apply(value, schemaOf.apply(name))) != null) {
        throw new RepeatedField(name);
      }
    }
    return fields;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text; // a stray '%': the value is checked as written
    }
  }
}
