package io.sac4cps.localstack.e2e;

import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.contracts.api.Operation;
import io.sac4cps.localstack.client.PlatformClient;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A target reached only through its URL (LocalStack, AWS): a function counts as deployed when a
 * route it owns answers as a route (401 without a token, or the function's own answer), not as an
 * unknown one (403 "Missing Authentication Token", 404) or a missing integration (5xx).
 */
record DeployedApi(URI baseUrl) implements E2eTarget {

  @Override
  public boolean has(String function) {
    PlatformClient api = new PlatformClient(baseUrl);
    for (Operation operation : ApiContract.load().operationsOf(function)) {
      if (operation.planned() || operation.path().contains("{")) {
        continue;
      }
      int status = api.send(operation.method(), operation.path(), null, null).status();
      return status != 403 && status != 404 && status < 500;
    }
    return false;
  }

  @Override
  public Optional<TokenMinter> tokenMinter() {
    return Optional.empty();
  }

  @Override
  public List<Integer> unknownRouteStatuses() {
    return List.of(403, 404);
  }
}
