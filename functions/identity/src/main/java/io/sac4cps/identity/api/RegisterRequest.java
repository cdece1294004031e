package io.sac4cps.identity.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * Body of POST /auth/register; checked field by field by the registration. Unknown fields are
 * refused (additionalProperties: false).
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@Serdeable
public record RegisterRequest(
    @Nullable String email,
    @Nullable String password,
    @Nullable String name,
    @Nullable String organization,
    @Nullable List<String> roles) {}
