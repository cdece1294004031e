package io.sac4cps.identity.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** Body of POST /auth/register; checked field by field by the registration. */
@Serdeable
public record RegisterRequest(
    @Nullable String email,
    @Nullable String password,
    @Nullable String name,
    @Nullable String organization,
    @Nullable List<String> roles) {}
