package io.sac4cps.contracts.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An OpenAPI path template such as {@code /sensors/{id}/data}. As in API Gateway, a parameter spans
 * a whole segment, and a literal segment wins over a parameter at the same position, so {@code
 * /sensors/data} is never read as sensor {@code data}.
 */
record PathTemplate(String template, List<String> segments) implements Comparable<PathTemplate> {

  static PathTemplate parse(String template) {
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("Path template must start with '/': " + template);
    }
    List<String> segments = split(template);
    for (String segment : segments) {
      boolean opens = segment.contains("{");
      boolean closes = segment.contains("}");
      if ((opens || closes) && !isParameter(segment)) {
        throw new IllegalArgumentException(
            "A path parameter must span a whole segment: " + template);
      }
    }
    return new PathTemplate(template, List.copyOf(segments));
  }

  List<String> parameterNames() {
    return segments.stream()
        .filter(PathTemplate::isParameter)
        .map(s -> s.substring(1, s.length() - 1))
        .toList();
  }

  /** The decoded path parameters when {@code path} (no query string) fits this template. */
  Optional<Map<String, String>> match(String path) {
    List<String> actual = split(path);
    if (actual.size() != segments.size()) {
      return Optional.empty();
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < segments.size(); i++) {
      String expected = segments.get(i);
      String value = actual.get(i);
      if (isParameter(expected)) {
        if (value.isEmpty()) {
          return Optional.empty();
        }
        parameters.put(expected.substring(1, expected.length() - 1), decode(value));
      } else if (!expected.equals(value)) {
        return Optional.empty();
      }
    }
    return Optional.of(parameters);
  }

  /**
   * More specific first: at the first differing position a literal segment sorts before a
   * parameter.
   */
  @Override
  public int compareTo(PathTemplate other) {
    for (int i = 0; i < Math.min(segments.size(), other.segments.size()); i++) {
      boolean mine = isParameter(segments.get(i));
      boolean theirs = isParameter(other.segments.get(i));
      if (mine != theirs) {
        return mine ? 1 : -1;
      }
    }
    if (segments.size() != other.segments.size()) {
      return Integer.compare(segments.size(), other.segments.size());
    }
    return template.compareTo(other.template);
  }

  private static boolean isParameter(String segment) {
    return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
  }

  private static List<String> split(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    List<String> segments = new ArrayList<>();
    for (String segment : trimmed.split("/", -1)) {
      segments.add(segment);
    }
    return segments;
  }

  private static String decode(String segment) {
    // Path segments are percent-encoded; '+' is a literal plus there, unlike in a query string.
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
