package io.sac4cps.identity.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.identity.token.SigningKey;
import io.sac4cps.platform.config.PlatformDefaults;
import java.util.List;
import java.util.Map;

/** GET /.well-known/jwks.json and /.well-known/openid-configuration: public key discovery. */
@Controller("/.well-known")
@Secured(SecurityRule.IS_ANONYMOUS)
public class WellKnownController {

  /** OpenID Connect discovery metadata, as far as identity implements it. */
  @Serdeable
  public record OpenidConfiguration(
      String issuer,
      @JsonProperty("jwks_uri") String jwksUri,
      @JsonProperty("token_endpoint") String tokenEndpoint,
      @JsonProperty("grant_types_supported") List<String> grantTypesSupported,
      @JsonProperty("response_types_supported") List<String> responseTypesSupported,
      @JsonProperty("subject_types_supported") List<String> subjectTypesSupported,
      @JsonProperty("id_token_signing_alg_values_supported") List<String> signingAlgorithms,
      @JsonProperty("token_endpoint_auth_methods_supported") List<String> clientAuthMethods) {}

  private final SigningKey keys;
  private final OpenidConfiguration configuration;

  WellKnownController(
      SigningKey keys,
      @Value("${" + PlatformDefaults.ISSUER + "}") String issuer,
      @Nullable @Property(name = "sac4cps.identity.public-url") String publicUrl) {
    this.keys = keys;
    // The API's public base URL; the issuer when the two are the same.
    String base = (publicUrl != null ? publicUrl : issuer).replaceAll("/+$", "");
    this.configuration =
        new OpenidConfiguration(
            issuer,
            base + "/.well-known/jwks.json",
            base + "/auth/token",
            List.of("refresh_token", "client_credentials"),
            List.of("token"),
            List.of("public"),
            List.of("RS256"),
            List.of("client_secret_basic", "client_secret_post"));
  }

  @Get("/jwks.json")
  HttpResponse<Map<String, Object>> jwks() {
    // Short caching: a rotated-in key must reach verifiers soon.
    return HttpResponse.ok(keys.publicKeys().toJSONObject(true))
        .header(HttpHeaders.CACHE_CONTROL, "public, max-age=300");
  }

  @Get("/openid-configuration")
  HttpResponse<OpenidConfiguration> openidConfiguration() {
    return HttpResponse.ok(configuration).header(HttpHeaders.CACHE_CONTROL, "public, max-age=3600");
  }
}
