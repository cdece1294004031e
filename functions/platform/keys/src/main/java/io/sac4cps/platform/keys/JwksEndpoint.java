package io.sac4cps.platform.keys;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * GETs a JWKS document over HTTP(S): identity's {@code /.well-known/jwks.json}. Called a few times
 * an hour at most ({@link PublishedKeys}), so no client (and no selector thread) is kept between
 * calls.
 */
final class JwksEndpoint implements Supplier<String> {
  private final URI uri;

  JwksEndpoint(String uri) {
    this.uri = URI.create(uri);
  }

  @Override
  public String get() {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header("Accept", "application/json")
            .timeout(Duration.ofSeconds(3))
            .GET()
            .build();
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
