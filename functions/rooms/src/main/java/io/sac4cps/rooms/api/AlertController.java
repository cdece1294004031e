package io.sac4cps.rooms.api;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.sac4cps.platform.security.Caller;
import io.sac4cps.platform.security.Roles;
import io.sac4cps.rooms.api.RoomViews.AlertAcknowledgementView;
import io.sac4cps.rooms.service.AlertAcknowledgements;

/** Acknowledging a tenant's alert (decision 0044). */
@Controller("/alerts")
public class AlertController {
  private final AlertAcknowledgements acknowledgements;

  public AlertController(AlertAcknowledgements acknowledgements) {
    this.acknowledgements = acknowledgements;
  }

  @Post("/{alertId}/ack")
  @Secured({Roles.ADMIN, Roles.OPERATOR})
  public AlertAcknowledgementView acknowledge(Caller caller, @PathVariable String alertId) {
    return AlertAcknowledgementView.of(
        acknowledgements.acknowledge(caller.tenantId(), alertId, caller.subject()));
  }
}
