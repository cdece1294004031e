package io.sac4cps.identity.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** Body of POST /auth/login. Unknown fields are refused (additionalProperties: false). */
@JsonIgnoreProperties(ignoreUnknown = false)
@Serdeable
public record LoginRequest(@Nullable String email, @Nullable String password) {}
