package io.sac4cps.rooms.api;

import io.micronaut.json.tree.JsonNode;
import io.sac4cps.platform.problem.FieldChecks;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.rooms.domain.Limits;
import io.sac4cps.rooms.domain.Metric;
import java.util.EnumMap;
import java.util.Map;

/**
 * Reads the body of {@code PUT /rooms/{id}/thresholds}, {@code {"co2": {"max": 1000}, ...}}, and
 * names every field at fault: unknown metrics, unknown limit names, non-numbers, empty thresholds,
 * and {@code min} above {@code max}.
 */
final class ThresholdsBody {
  private ThresholdsBody() {}

  static Map<Metric, Limits> parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ProblemException.badRequest("body", "must be a JSON object of thresholds by metric");
    }
    Map<Metric, Limits> thresholds = new EnumMap<>(Metric.class);
    FieldChecks checks = new FieldChecks();
    for (Map.Entry<String, JsonNode> entry : body.entries()) {
      String name = entry.getKey();
      Metric metric = Metric.fromWire(name).orElse(null);
      if (metric == null) {
        checks.fail(name, "is not a metric; use " + Metric.allowed());
        continue;
      }
      JsonNode threshold = entry.getValue();
      if (threshold == null || !threshold.isObject()) {
        checks.fail(name, "must be an object with min and/or max");
        continue;
      }
      Double min = null;
      Double max = null;
      boolean valid = true;
      for (Map.Entry<String, JsonNode> limit : threshold.entries()) {
        String field = name + "." + limit.getKey();
        JsonNode value = limit.getValue();
        if (!limit.getKey().equals("min") && !limit.getKey().equals("max")) {
          checks.fail(field, "is not allowed; use min and/or max");
          valid = false;
        } else if (value == null || !value.isNumber() || !Double.isFinite(value.getDoubleValue())) {
          checks.fail(field, "must be a number");
          valid = false;
        } else if (limit.getKey().equals("min")) {
          min = value.getDoubleValue();
        } else {
          max = value.getDoubleValue();
        }
      }
      if (!valid) {
        continue;
      }
      if (min == null && max == null) {
        checks.fail(name, "needs min, max or both");
      } else if (min != null && max != null && min > max) {
        // Inclusive limits: min == max is a set point, only min above max is meaningless.
        checks.fail(name + ".min", "must not be above " + name + ".max");
      } else {
        thresholds.put(metric, new Limits(min, max));
      }
    }
    checks.orThrow();
    return thresholds;
  }
}
