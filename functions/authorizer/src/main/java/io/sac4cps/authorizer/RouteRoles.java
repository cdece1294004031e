package io.sac4cps.authorizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which roles may call each secured route ({@code x-roles}). Read from {@code route-roles.tsv},
 * which the build derives from contracts/openapi.yaml (parsing the YAML at cold start would cost
 * more than everything else the authorizer does). One line per route: {@code METHOD<TAB>/path<TAB>
 * role,role}.
 */
public final class RouteRoles {
  public static final String RESOURCE = "/io/sac4cps/authorizer/route-roles.tsv";

  private record Route(String method, String template, String[] segments, Set<String> roles) {}

  private final Map<String, Route> byMethodAndTemplate = new HashMap<>();
  private final List<Route> routes = new ArrayList<>();

  private RouteRoles(List<Route> routes) {
    for (Route route : routes) {
      byMethodAndTemplate.put(route.method() + " " + route.template(), route);
      this.routes.add(route);
    }
  }

  public static RouteRoles load() {
    try (InputStream in = RouteRoles.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the authorizer jar");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RouteRoles parse(String table) {
    List<Route> routes = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(new java.io.StringReader(table))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split("\t", -1);
        if (fields.length != 3) {
          throw new IllegalArgumentException("bad route line: " + line);
        }
        String template = fields[1];
        routes.add(
            new Route(
                fields[0].toUpperCase(Locale.ROOT),
                template,
                segments(template),
                fields[2].isEmpty() ? Set.of() : Set.of(fields[2].split(","))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RouteRoles(routes);
  }

  /** The roles of the route with this template ({@code resource} of a REQUEST event). */
  public Optional<Set<String>> forTemplate(String method, String template) {
    Route route = byMethodAndTemplate.get(method.toUpperCase(Locale.ROOT) + " " + template);
    return route == null ? Optional.empty() : Optional.of(route.roles());
  }

  /** The roles of the route serving a concrete path (for events that carry only a method ARN). */
  public Optional<Set<String>> forPath(String method, String path) {
    String upper = method.toUpperCase(Locale.ROOT);
    String[] actual = segments(path);
    Route best = null;
    int bestLiterals = -1;
    for (Route route : routes) {
      if (!route.method().equals(upper) || route.segments().length != actual.length) {
        continue;
      }
      int literals = 0;
      boolean matches = true;
      for (int i = 0; i < actual.length && matches; i++) {
        String expected = route.segments()[i];
        if (expected.startsWith("{")) {
          matches = !actual[i].isEmpty();
        } else {
          matches = expected.equals(actual[i]);
          literals++;
        }
      }
      // As API Gateway does: a literal segment wins over a parameter.
      if (matches && literals > bestLiterals) {
        best = route;
        bestLiterals = literals;
      }
    }
    return best == null ? Optional.empty() : Optional.of(best.roles());
  }

  private static String[] segments(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
  }
}
