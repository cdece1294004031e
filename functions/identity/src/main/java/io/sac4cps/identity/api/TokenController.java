package io.sac4cps.identity.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.sac4cps.identity.service.TokenGrants;
import io.sac4cps.identity.service.TokenSet;
import io.sac4cps.platform.problem.ProblemException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** POST /auth/token, the OAuth 2.0 token endpoint (RFC 6749): refresh_token, client_credentials. */
@Controller("/auth/token")
@Secured(SecurityRule.IS_ANONYMOUS)
public class TokenController {
  private final TokenGrants grants;

  TokenController(TokenGrants grants) {
    this.grants = grants;
  }

  @Post(consumes = {MediaType.APPLICATION_FORM_URLENCODED, MediaType.APPLICATION_JSON})
  HttpResponse<TokenResponse> token(
      @Body TokenRequest body, @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
    if (body.grantType() == null || body.grantType().isBlank()) {
      throw ProblemException.badRequest("grant_type", "is required");
    }
    TokenSet tokens =
        switch (body.grantType()) {
          case "refresh_token" -> {
            if (body.refreshToken() == null || body.refreshToken().isBlank()) {
              throw ProblemException.badRequest("refresh_token", "is required");
            }
            yield grants.refresh(body.refreshToken());
          }
          case "client_credentials" -> {
            String[] credentials = clientCredentials(body, authorization);
            yield grants.clientCredentials(credentials[0], credentials[1]);
          }
          default ->
              throw ProblemException.badRequest(
                  "grant_type", "must be refresh_token or client_credentials");
        };
    return NoStore.apply(HttpResponse.ok(TokenResponse.of(tokens)));
  }

  /** From HTTP Basic (RFC 6749 2.3.1: form-encoded, then base64) or from the body. */
  private static String[] clientCredentials(TokenRequest body, String authorization) {
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(authorization.substring(6).trim()),
                StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw unauthorized();
      }
      int colon = decoded.indexOf(':');
      if (colon < 1) {
        throw unauthorized();
      }
      return new String[] {
        URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
        URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)
      };
    }
    if (body.clientId() == null || body.clientId().isBlank()) {
      throw ProblemException.badRequest("client_id", "is required (or use HTTP Basic)");
    }
    if (body.clientSecret() == null || body.clientSecret().isBlank()) {
      throw ProblemException.badRequest("client_secret", "is required (or use HTTP Basic)");
    }
    return new String[] {body.clientId(), body.clientSecret()};
  }

  private static ProblemException unauthorized() {
    return new ProblemException(HttpStatus.UNAUTHORIZED, TokenGrants.INVALID_CLIENT);
  }
}
