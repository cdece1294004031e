package io.sac4cps.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoleRulesTest {

  @Test
  void peopleAreAdminsOperatorsOrViewersButNeverDevices() {
    assertThat(RoleRules.problem(List.of("operator", "viewer"), RoleRules.USER_ROLES)).isEmpty();
    assertThat(RoleRules.problem(List.of("device"), RoleRules.USER_ROLES))
        .contains("must be among [admin, operator, viewer], not 'device'");
  }

  @Test
  void clientsAreNeverAdmins() {
    assertThat(RoleRules.problem(List.of("device"), RoleRules.CLIENT_ROLES)).isEmpty();
    assertThat(RoleRules.problem(List.of("admin"), RoleRules.CLIENT_ROLES))
        .contains("must be among [device, operator, viewer], not 'admin'");
  }

  @Test
  void needsAtLeastOneRoleAndNoRepeats() {
    assertThat(RoleRules.problem(List.of(), RoleRules.USER_ROLES))
        .contains("must name at least one role");
    assertThat(RoleRules.problem(null, RoleRules.CLIENT_ROLES))
        .contains("must name at least one role");
    assertThat(RoleRules.problem(List.of("viewer", "viewer"), RoleRules.USER_ROLES))
        .contains("must not repeat a role");
  }
}
