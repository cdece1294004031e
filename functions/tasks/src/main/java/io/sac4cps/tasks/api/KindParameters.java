package io.sac4cps.tasks.api;

import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.platform.problem.FieldChecks;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a task's {@code params} against its kind's schema in contracts/openapi.yaml ({@code
 * <Kind>Params}, e.g. {@code SensorDataExportParams}), so the limits live in the contract alone:
 * required, additionalProperties, string lengths, patterns, enums, date-times, {@code not:
 * {required: [...]}} (mutually exclusive fields), and the extension {@code x-max-period-days} on
 * {@code from}/{@code to}. Errors name the field as {@code params.<name>}.
 */
@Singleton
public class KindParameters {
  private final Map<String, Object> schemas;

  @SuppressWarnings("unchecked")
  public KindParameters() {
    Map<String, Object> components =
        (Map<String, Object>) ApiContract.load().document().get("components");
    this.schemas = (Map<String, Object>) components.get("schemas");
  }

  /** The schema's name for a kind: {@code sensor-data-export} → {@code SensorDataExportParams}. */
  static String schemaName(String kind) {
    return Arrays.stream(kind.split("-"))
            .map(part -> Character.toUpperCase(part.charAt(0)) + part.substring(1))
            .collect(Collectors.joining())
        + "Params";
  }

  /** Adds an error per offending field to {@code checks}. */
  @SuppressWarnings("unchecked")
  public void check(String kind, Object params, FieldChecks checks) {
    Map<String, Object> schema = (Map<String, Object>) schemas.get(schemaName(kind));
    if (schema == null) {
      throw new IllegalStateException("contracts/openapi.yaml has no " + schemaName(kind));
    }
    if (!(params instanceof Map<?, ?> given)) {
      checks.fail("params", "must be an object");
      return;
    }
    Map<String, Object> properties =
        (Map<String, Object>) schema.getOrDefault("properties", Map.of());
    List<Object> required = (List<Object>) schema.getOrDefault("required", List.of());
    for (Object name : required) {
      checks.check("params." + name, given.get(name) == null, "is required");
    }
    // No parameter is nullable: a null is refused here, not carried to the owner.
    given.forEach(
        (name, value) ->
            checks.check(
                "params." + name, value == null && !required.contains(name), "must not be null"));
    if (Boolean.FALSE.equals(schema.get("additionalProperties"))) {
      given.keySet().stream()
          .filter(name -> !properties.containsKey(name))
          .forEach(name -> checks.fail("params." + name, "is not a parameter of " + kind));
    }
    properties.forEach(
        (name, property) -> {
          Object value = given.get(name);
          if (value != null) {
            checkValue("params." + name, value, resolve((Map<String, Object>) property), checks);
          }
        });
    if (schema.get("not") instanceof Map<?, ?> not && not.get("required") instanceof List<?> all) {
      boolean allGiven = all.stream().allMatch(name -> given.get(name) != null);
      checks.check(
          "params." + all.get(all.size() - 1),
          allGiven,
          "may not be given together with " + all.subList(0, all.size() - 1));
    }
    if (schema.get("x-max-period-days") instanceof Number days) {
      Instant from = instant(given.get("from"));
      Instant to = instant(given.get("to"));
      if (from != null && to != null) {
        checks
            .check("params.to", !to.isAfter(from), "must be after from")
            .check(
                "params.to",
                to.isAfter(from) && Duration.between(from, to).compareTo(days(days)) > 0,
                "must be at most " + days + " days after from");
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void checkValue(
      String field, Object value, Map<String, Object> schema, FieldChecks checks) {
    String type = (String) schema.get("type");
    if ("string".equals(type)) {
      if (!(value instanceof String text)) {
        checks.fail(field, "must be a string");
        return;
      }
      if (schema.get("minLength") instanceof Number min) {
        checks.check(
            field, text.length() < min.intValue(), "must have at least " + min + " characters");
      }
      if (schema.get("maxLength") instanceof Number max) {
        checks.check(
            field, text.length() > max.intValue(), "must be at most " + max + " characters");
      }
      if (schema.get("pattern") instanceof String pattern) {
        checks.check(
            field, !Pattern.compile(pattern).matcher(text).find(), "must match " + pattern);
      }
      if (schema.get("enum") instanceof List<?> values) {
        checks.check(field, !values.contains(text), "must be one of " + values);
      }
      if ("date-time".equals(schema.get("format"))) {
        checks.check(field, instant(text) == null, "must be an RFC 3339 date-time");
      }
    } else if ("integer".equals(type) || "number".equals(type)) {
      checks.check(field, !(value instanceof Number), "must be a number");
    }
  }

  /** A property's schema with {@code $ref} and a single {@code allOf} resolved. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> resolve(Map<String, Object> schema) {
    if (schema.get("$ref") instanceof String ref) {
      return resolve((Map<String, Object>) schemas.get(ref.substring(ref.lastIndexOf('/') + 1)));
    }
    if (schema.get("allOf") instanceof List<?> all && all.size() == 1) {
      return resolve((Map<String, Object>) all.get(0));
    }
    return schema;
  }

  private static Instant instant(Object value) {
    if (!(value instanceof String text)) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Duration days(Number days) {
    return Duration.ofDays(days.longValue());
  }
}
