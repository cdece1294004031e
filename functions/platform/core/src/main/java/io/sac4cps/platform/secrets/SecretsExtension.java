package io.sac4cps.platform.secrets;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reads a secret through the AWS Parameters and Secrets Lambda Extension, which listens on
 * localhost inside the Lambda sandbox and caches Secrets Manager for us: no AWS SDK in the jar and
 * no call to AWS from this code (docs/decisions/0005). The token issuer reads its signing key so,
 * the migration step the database admin's secret.
 */
@Singleton
public class SecretsExtension {
  public static final String TOKEN_HEADER = "X-Aws-Parameters-Secrets-Token";

  private final URI baseUri;
  private final JsonMapper json;

  /**
   * @param baseUri where the extension listens; by default localhost on the port the extension is
   *     configured with ({@code PARAMETERS_SECRETS_EXTENSION_HTTP_PORT}, default 2773)
   */
  public SecretsExtension(
      @Nullable @Property(name = "sac4cps.secrets-extension-url") String baseUri, JsonMapper json) {
    String port = System.getenv().getOrDefault("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", "2773");
    this.baseUri = URI.create(baseUri != null ? baseUri : "http://localhost:" + port);
    this.json = json;
  }

  /** The {@code SecretString} of {@code secretId} (name or ARN). */
  public String secretString(String secretId) {
    String sessionToken = System.getenv("AWS_SESSION_TOKEN");
    HttpRequest request =
        HttpRequest.newBuilder(
                baseUri.resolve(
                    "/secretsmanager/get?secretId="
                        + URLEncoder.encode(secretId, StandardCharsets.UTF_8)))
            .header(TOKEN_HEADER, sessionToken == null ? "" : sessionToken)
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    // Used once per cold start: no client (and no selector thread) kept around.
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "the secrets extension answered " + response.statusCode() + " for " + secretId);
      }
      JsonNode secretString = json.readValue(response.body(), JsonNode.class).get("SecretString");
      if (secretString == null || !secretString.isString()) {
        throw new IllegalStateException("secret " + secretId + " has no SecretString");
      }
      return secretString.getStringValue();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read secret " + secretId + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading secret " + secretId, e);
    }
  }
}
