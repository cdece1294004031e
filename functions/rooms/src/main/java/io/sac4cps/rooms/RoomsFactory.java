package io.sac4cps.rooms;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.sac4cps.rooms.domain.AlertPolicy;
import jakarta.inject.Singleton;

/** Beans made from configuration. */
@Factory
public class RoomsFactory {

  @Singleton
  AlertPolicy alertPolicy(
      @Value("${rooms.alerts.raise-after:2}") int raiseAfter,
      @Value("${rooms.alerts.clear-after:3}") int clearAfter,
      @Value("${rooms.alerts.clear-margin:0.02}") double clearMargin) {
    return new AlertPolicy(raiseAfter, clearAfter, clearMargin);
  }
}
