package io.sac4cps.identity.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** Body of POST /clients. Unknown fields are refused (additionalProperties: false). */
@JsonIgnoreProperties(ignoreUnknown = false)
@Serdeable
public record ClientCreateRequest(
    @Nullable String name, @Nullable String description, @Nullable List<String> roles) {}
