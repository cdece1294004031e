package io.sac4cps.identity.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.identity.service.TokenSet;

/** 200 body of /auth/login and /auth/token; no {@code refreshToken} for clients. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenResponse(
    String accessToken, String tokenType, long expiresIn, String refreshToken) {

  static TokenResponse of(TokenSet tokens) {
    return new TokenResponse(
        tokens.accessToken(), "Bearer", tokens.expiresIn(), tokens.refreshToken());
  }
}
