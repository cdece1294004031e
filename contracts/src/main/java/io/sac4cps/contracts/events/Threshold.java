package io.sac4cps.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** Inclusive limits of a room metric; at least one is set. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Threshold(@Nullable Double min, @Nullable Double max) {

  public Threshold {
    if (min == null && max == null) {
      throw new IllegalArgumentException("A threshold needs min, max or both");
    }
  }
}
