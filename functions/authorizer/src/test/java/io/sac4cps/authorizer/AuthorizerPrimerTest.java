package io.sac4cps.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.platform.snapshot.SnapshotHooks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The authorizer's priming decides its four kinds of request through the handler class. */
class AuthorizerPrimerTest {

  @Test
  void primingRunsAllowDenyRefusalAndConnectWithoutAFailure() throws Exception {
    SnapshotHooks hooks =
        SnapshotHooks.register(
            List.of(
                new AuthorizerPrimer(
                    RouteRoles.load(),
                    TokenAuthorizerHandler.DEFAULT_ISSUER,
                    TokenAuthorizerHandler.DEFAULT_AUDIENCE)),
            List.of(),
            true);

    hooks.beforeCheckpoint(null);
    hooks.afterRestore(null);

    assertThat(hooks.primers()).containsExactly(AuthorizerPrimer.class.getName());
    assertThat(hooks.primingFailures()).isEmpty();
  }

  @Test
  void aPrimerThatTakesAnotherPathIsReportedNotHidden() throws Exception {
    // Without the route table every REST decision is a Deny, so the "allow" step fails and the
    // hooks say so.
    SnapshotHooks hooks =
        SnapshotHooks.register(
            List.of(
                new AuthorizerPrimer(
                    RouteRoles.parse(""),
                    TokenAuthorizerHandler.DEFAULT_ISSUER,
                    TokenAuthorizerHandler.DEFAULT_AUDIENCE)),
            List.of(),
            true);

    hooks.beforeCheckpoint(null);

    assertThat(hooks.primingFailures()).hasSize(1);
  }
}
