package io.sac4cps.platform.request;

import io.sac4cps.platform.problem.Problem.FieldError;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks a decoded value (maps, lists, strings, {@link BigDecimal}s, booleans, nulls) against an
 * OpenAPI 3.0 schema of contracts/openapi.yaml, naming each field at fault as a client writes it
 * ({@code readings[3].value}). The subset the contract uses: {@code $ref}, {@code allOf}, {@code
 * oneOf}, {@code type}, {@code nullable}, {@code enum}, string lengths, {@code pattern}, {@code
 * format: date-time}, numeric bounds, array sizes and uniqueness, {@code required}, {@code
 * additionalProperties: false} and property counts. Limits are read here, so no function retypes
 * them (docs/decisions/0019).
 */
final class SchemaCheck {
  private static final BigDecimal MAX_DOUBLE = new BigDecimal(Double.MAX_VALUE);
  private static final Pattern EMAIL = Pattern.compile("\\s*[^@\\s]+@[^@\\s]+\\.[^@\\s]+\\s*");

  private final ContractSchemas schemas;
  private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

  SchemaCheck(ContractSchemas schemas) {
    this.schemas = schemas;
  }

  /** The contract's mark on an array whose items a function accepts or refuses one by one. */
  static final String ITEMS_JUDGED_EACH = "x-items-judged-each";

  /** Every violation of {@code schema} by {@code value} at {@code path} ("" is the whole body). */
  List<FieldError> check(Object value, Map<String, Object> schema, String path) {
    return check(value, schema, path, new HashSet<>());
  }

  /**
   * The same, adding to {@code itemsJudgedEach} the path of every array marked {@link
   * #ITEMS_JUDGED_EACH} on the way.
   */
  List<FieldError> check(
      Object value, Map<String, Object> schema, String path, Set<String> itemsJudgedEach) {
    List<FieldError> errors = new ArrayList<>();
    Set<String> previous = judgedEach.get();
    judgedEach.set(itemsJudgedEach);
    try {
      validate(value, schema, path, errors);
    } finally {
      judgedEach.set(previous);
    }
    return errors;
  }

  // Where the running check records marked arrays (a check runs on one thread, start to end),
  // so the recursive methods need not carry it.
  private final ThreadLocal<Set<String>> judgedEach = new ThreadLocal<>();

  private Map<String, Object> resolve(Map<String, Object> schema) {
    return schemas.resolve(schema);
  }

  @SuppressWarnings("unchecked")
  private void validate(
      Object value, Map<String, Object> rawSchema, String path, List<FieldError> errors) {
    Map<String, Object> schema = resolve(rawSchema);
    if (schema == null) {
      return;
    }
    if (schema.get("allOf") instanceof List<?> all) {
      if (value == null && Boolean.TRUE.equals(schema.get("nullable"))) {
        return;
      }
      for (Object part : all) {
        validate(value, (Map<String, Object>) part, path, errors);
      }
    }
    if (schema.get("oneOf") instanceof List<?> one) {
      oneOf(value, (List<Map<String, Object>>) one, path, errors);
      return;
    }
    if (value == null) {
      if (!Boolean.TRUE.equals(schema.get("nullable")) && (schema.containsKey("type"))) {
        errors.add(error(path, "must not be null"));
      }
      return;
    }
    String type = (String) schema.get("type");
    if (type != null && !hasType(value, type)) {
      errors.add(error(path, "must be " + typeName(type)));
      return;
    }
    if (schema.get("enum") instanceof List<?> allowed && !inEnum(value, allowed)) {
      errors.add(error(path, "must be one of " + allowed));
      return;
    }
    switch (value) {
      case String text -> string(text, schema, path, errors);
      case BigDecimal number -> number(number, schema, path, errors);
      case List<?> items -> array(items, schema, path, errors);
      case Map<?, ?> object -> object((Map<String, Object>) object, schema, path, errors);
      default -> {}
    }
  }

  /**
   * Exactly one branch must hold; when none does, the errors of the branch that came closest (the
   * fewest errors) are the ones a client can act on.
   */
  private void oneOf(
      Object value, List<Map<String, Object>> branches, String path, List<FieldError> errors) {
    List<FieldError> closest = null;
    int passing = 0;
    for (Map<String, Object> branch : branches) {
      Set<String> marked = new HashSet<>();
      List<FieldError> found = check(value, branch, path, marked);
      if (judgedEach.get() != null) {
        judgedEach.get().addAll(marked); // harmless for a branch not chosen: it adds no errors
      }
      if (found.isEmpty()) {
        passing++;
      } else if (closest == null || found.size() < closest.size()) {
        closest = found;
      }
    }
    if (passing == 0 && closest != null) {
      errors.addAll(closest);
    } else if (passing > 1) {
      errors.add(error(path, "matches more than one of the accepted shapes"));
    }
  }

  private void string(String text, Map<String, Object> schema, String path, List<FieldError> e) {
    int length = text.codePointCount(0, text.length());
    if (schema.get("minLength") instanceof Number min && length < min.intValue()) {
      e.add(
          error(
              path,
              min.intValue() == 1
                  ? "must not be empty"
                  : "must be at least " + min + " characters"));
    } else if (schema.get("maxLength") instanceof Number max && length > max.intValue()) {
      e.add(error(path, "must be at most " + max + " characters"));
    } else if (schema.get("pattern") instanceof String pattern
        && !patterns.computeIfAbsent(pattern, Pattern::compile).matcher(text).find()) {
      e.add(error(path, "must match " + pattern));
    } else if ("date-time".equals(schema.get("format")) && !isDateTime(text)) {
      e.add(error(path, "must be an RFC 3339 date-time with an offset, e.g. 2026-01-31T12:00:00Z"));
    } else if ("email".equals(schema.get("format")) && !EMAIL.matcher(text).matches()) {
      // Only the shape; the owner of the address (identity) applies its stricter rule.
      e.add(error(path, "is not a valid email address"));
    }
  }

  private static void number(
      BigDecimal number, Map<String, Object> schema, String path, List<FieldError> errors) {
    if (schema.get("minimum") instanceof Number min) {
      int c = number.compareTo(decimal(min));
      if (c < 0 || (c == 0 && Boolean.TRUE.equals(schema.get("exclusiveMinimum")))) {
        errors.add(error(path, bounds(schema)));
        return;
      }
    }
    if (schema.get("maximum") instanceof Number max) {
      int c = number.compareTo(decimal(max));
      if (c > 0 || (c == 0 && Boolean.TRUE.equals(schema.get("exclusiveMaximum")))) {
        errors.add(error(path, bounds(schema)));
      }
    }
  }

  private static String bounds(Map<String, Object> schema) {
    Object min = schema.get("minimum");
    Object max = schema.get("maximum");
    if (min != null && max != null) {
      return "must be between " + min + " and " + max;
    }
    return min != null ? "must be at least " + min : "must be at most " + max;
  }

  @SuppressWarnings("unchecked")
  private void array(List<?> items, Map<String, Object> schema, String path, List<FieldError> e) {
    if (Boolean.TRUE.equals(schema.get(ITEMS_JUDGED_EACH)) && judgedEach.get() != null) {
      judgedEach.get().add(path);
    }
    if (schema.get("minItems") instanceof Number min && items.size() < min.intValue()) {
      e.add(error(path, "must hold at least " + min + " item" + (min.intValue() == 1 ? "" : "s")));
      return;
    }
    if (schema.get("maxItems") instanceof Number max && items.size() > max.intValue()) {
      e.add(error(path, "must hold at most " + max + " items"));
      return;
    }
    if (Boolean.TRUE.equals(schema.get("uniqueItems"))
        && new HashSet<>(items).size() < items.size()) {
      e.add(error(path, "must not repeat an item"));
    }
    if (schema.get("items") instanceof Map<?, ?> raw) {
      Map<String, Object> itemSchema = resolve((Map<String, Object>) raw);
      Object itemType = itemSchema.get("type");
      // A list of plain values (roles) is one field to a client: its errors name the list.
      boolean plainValues = !"object".equals(itemType) && !"array".equals(itemType);
      for (int i = 0; i < items.size(); i++) {
        String item = path + "[" + i + "]";
        List<FieldError> found = new ArrayList<>();
        validate(items.get(i), itemSchema, item, found);
        for (FieldError error : found) {
          e.add(
              plainValues && error.field().equals(item)
                  ? error(path, "item " + i + " " + error.message())
                  : error);
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void object(
      Map<String, Object> object, Map<String, Object> schema, String path, List<FieldError> e) {
    Map<String, Object> properties =
        schema.get("properties") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
    if (schema.get("required") instanceof List<?> required) {
      for (Object name : required) {
        if (!object.containsKey((String) name)) {
          e.add(error(child(path, (String) name), "is required"));
        }
      }
    }
    for (Map.Entry<String, Object> field : object.entrySet()) {
      Object propertySchema = properties.get(field.getKey());
      if (propertySchema instanceof Map<?, ?> property) {
        validate(field.getValue(), (Map<String, Object>) property, child(path, field.getKey()), e);
      } else if (Boolean.FALSE.equals(schema.get("additionalProperties"))) {
        e.add(error(child(path, field.getKey()), "is not a field of this request"));
      } else if (schema.get("additionalProperties") instanceof Map<?, ?> additional) {
        validate(
            field.getValue(), (Map<String, Object>) additional, child(path, field.getKey()), e);
      }
    }
    if (schema.get("minProperties") instanceof Number min && object.size() < min.intValue()) {
      e.add(error(path, "must have at least " + min + " field" + (min.intValue() == 1 ? "" : "s")));
    }
    if (schema.get("maxProperties") instanceof Number max && object.size() > max.intValue()) {
      e.add(error(path, "must have at most " + max + " fields"));
    }
  }

  /**
   * What no field may hold whatever its schema: text PostgreSQL cannot store or that is not Unicode
   * (NUL, other C0 controls but tab, newline and carriage return; unpaired surrogates), and numbers
   * beyond a double's range, which would be stored as infinity. Checked in free-form objects too.
   */
  static void platformRules(Object value, String path, List<FieldError> errors) {
    switch (value) {
      case String text -> text(text).ifPresent(m -> errors.add(error(path, m)));
      case BigDecimal number -> {
        if (number.abs().compareTo(MAX_DOUBLE) > 0) {
          errors.add(error(path, "must be a number within ±1.7976931348623157E308"));
        }
      }
      case List<?> items -> {
        for (int i = 0; i < items.size(); i++) {
          platformRules(items.get(i), path + "[" + i + "]", errors);
        }
      }
      case Map<?, ?> object ->
          object.forEach(
              (key, item) -> {
                String field = child(path, (String) key);
                int before = errors.size();
                platformRules(key, field, errors);
                if (errors.size() == before) {
                  platformRules(item, field, errors);
                }
              });
      case null, default -> {}
    }
  }

  /** Why {@code text} may not be stored, if it may not. */
  static java.util.Optional<String> text(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
        return java.util.Optional.of(
            "must not contain control characters (found U+"
                + String.format(Locale.ROOT, "%04X", (int) c)
                + ")");
      }
      if (Character.isHighSurrogate(c)
          && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))) {
        return java.util.Optional.of("must be valid Unicode (found an unpaired surrogate)");
      }
      if (Character.isLowSurrogate(c)
          && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
        return java.util.Optional.of("must be valid Unicode (found an unpaired surrogate)");
      }
    }
    return java.util.Optional.empty();
  }

  static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static boolean hasType(Object value, String type) {
    return switch (type) {
      case "string" -> value instanceof String;
      case "number" -> value instanceof BigDecimal;
      case "integer" -> value instanceof BigDecimal d && isIntegral(d);
      case "boolean" -> value instanceof Boolean;
      case "array" -> value instanceof List<?>;
      case "object" -> value instanceof Map<?, ?>;
      default -> true;
    };
  }

  private static boolean isIntegral(BigDecimal number) {
    return number.signum() == 0 || number.stripTrailingZeros().scale() <= 0;
  }

  private static String typeName(String type) {
    return switch (type) {
      case "integer" -> "an integer";
      case "array" -> "an array";
      case "object" -> "an object";
      case "boolean" -> "true or false";
      default -> "a " + type;
    };
  }

  private static boolean inEnum(Object value, List<?> allowed) {
    for (Object option : allowed) {
      if (option instanceof Number n && value instanceof BigDecimal d) {
        if (decimal(n).compareTo(d) == 0) {
          return true;
        }
      } else if (String.valueOf(option).equals(value instanceof String s ? s : null)) {
        return true;
      } else if (option instanceof Boolean b && b.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isDateTime(String text) {
    // RFC 3339: a 'T' (or 't') separator and an offset; OffsetDateTime accepts both.
    if (text.length() < 20 || Character.toUpperCase(text.charAt(10)) != 'T') {
      return false;
    }
    try {
      OffsetDateTime.parse(text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static BigDecimal decimal(Number number) {
    return number instanceof BigDecimal d ? d : new BigDecimal(number.toString());
  }

  private static FieldError error(String path, String message) {
    return new FieldError(path.isEmpty() ? "body" : path, message);
  }
}
