package io.sac4cps.authorizer;

import java.util.List;

/** What a valid access token says about its bearer. */
public record VerifiedToken(String subject, String tenantId, List<String> roles) {

  public VerifiedToken {
    roles = List.copyOf(roles);
  }
}
