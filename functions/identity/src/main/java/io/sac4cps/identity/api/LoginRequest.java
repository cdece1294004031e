package io.sac4cps.identity.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** Body of POST /auth/login. */
@Serdeable
public record LoginRequest(@Nullable String email, @Nullable String password) {}
