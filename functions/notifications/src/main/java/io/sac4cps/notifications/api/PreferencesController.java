package io.sac4cps.notifications.api;

import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.security.annotation.Secured;
import io.sac4cps.notifications.api.PreferencesBody.PreferencesView;
import io.sac4cps.notifications.service.UserPreferences;
import io.sac4cps.platform.security.Caller;
import io.sac4cps.platform.security.Roles;

/** The calling user's notification preferences. */
@Controller("/notifications/preferences")
public class PreferencesController {
  private final UserPreferences preferences;

  public PreferencesController(UserPreferences preferences) {
    this.preferences = preferences;
  }

  @Get
  @Secured({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
  public PreferencesView get(Caller caller) {
    return PreferencesView.of(preferences.get(caller.tenantId(), caller.subject()));
  }

  @Put
  @Secured({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
  public PreferencesView replace(Caller caller, @Body JsonNode body) {
    return PreferencesView.of(
        preferences.replace(caller.tenantId(), caller.subject(), PreferencesBody.parse(body)));
  }
}
