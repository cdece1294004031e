package io.sac4cps.localstack.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The dashboard (module web/) served at {@code /} from the class path, as CloudFront serves it in
 * AWS: {@code index.html} never cached, hashed assets cached for good, the same security headers.
 * API routes win: the gateway asks the site only for paths that match no route.
 */
public final class StaticSite {

  /** Where the web jar carries the built app. */
  public static final String CLASSPATH_ROOT = "web/";

  // Only what Vite emits: index.html and hashed files under assets/ (no directory walking).
  private static final Pattern ASSET = Pattern.compile("/assets/[A-Za-z0-9._-]+");
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon",
          "json", "application/json");

  /** The same policy CDK gives CloudFront's response headers (infra/cdk WebDistribution). */
  public static final Map<String, String> SECURITY_HEADERS =
      Map.of(
          "Content-Security-Policy",
          "default-src 'self'; connect-src 'self' ws: wss: https:; img-src 'self' data:;"
              + " style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'",
          "X-Content-Type-Options",
          "nosniff",
          "Referrer-Policy",
          "no-referrer",
          "X-Frame-Options",
          "DENY");

  private final ClassLoader loader;

  private StaticSite(ClassLoader loader) {
    this.loader = loader;
  }

  /** The site, if the web module's build is on the class path. */
  public static Optional<StaticSite> fromClasspath() {
    ClassLoader loader = StaticSite.class.getClassLoader();
    return loader.getResource(CLASSPATH_ROOT + "index.html") == null
        ? Optional.empty()
        : Optional.of(new StaticSite(loader));
  }

  /** The file for a GET or HEAD of {@code path}, if the site has one. */
  Optional<GatewayResponse> respond(String method, String path) {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return Optional.empty();
    }
    if (path.equals("/config.json")) {
      // In AWS, CDK writes the API's and the WebSocket's URLs here; locally both are this origin.
      return Optional.of(
          new GatewayResponse(
              200,
              Map.of(
                  "Content-Type",
                  List.of("application/json"),
                  "Cache-Control",
                  List.of("no-cache")),
              "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    String file;
    if (path.equals("/") || path.equals("/index.html")) {
      file = "index.html";
    } else if (ASSET.matcher(path).matches() && !path.contains("..")) {
      file = path.substring(1);
    } else {
      return Optional.empty();
    }
    try (InputStream in = loader.getResourceAsStream(CLASSPATH_ROOT + file)) {
      if (in == null) {
        return Optional.empty();
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      String extension = file.substring(file.lastIndexOf('.') + 1);
      headers.put(
          "Content-Type", List.of(TYPES.getOrDefault(extension, "application/octet-stream")));
      headers.put(
          "Cache-Control",
          List.of(file.equals("index.html") ? "no-cache" : "public, max-age=31536000, immutable"));
      SECURITY_HEADERS.forEach((name, value) -> headers.put(name, List.of(value)));
      return Optional.of(new GatewayResponse(200, headers, in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " of the web app", e);
    }
  }
}
