package io.sac4cps.identity.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Body of POST /auth/token, form-encoded or JSON, with RFC 6749's parameter names. Unknown fields
 * are refused (additionalProperties: false).
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@Serdeable
public record TokenRequest(
    @JsonProperty("grant_type") @Nullable String grantType,
    @JsonProperty("refresh_token") @Nullable String refreshToken,
    @JsonProperty("client_id") @Nullable String clientId,
    @JsonProperty("client_secret") @Nullable String clientSecret,
    @JsonProperty("scope") @Nullable String scope) {}
