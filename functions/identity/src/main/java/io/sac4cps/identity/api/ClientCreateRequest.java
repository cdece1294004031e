package io.sac4cps.identity.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** Body of POST /clients. */
@Serdeable
public record ClientCreateRequest(
    @Nullable String name, @Nullable String description, @Nullable List<String> roles) {}
