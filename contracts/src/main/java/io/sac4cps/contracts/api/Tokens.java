package io.sac4cps.contracts.api;

/**
 * What identity's tokens say about where they come from and whom they are for, as the authorizer
 * and every function check it. Defined here once: issuing, verifying, deploying and testing all
 * read it.
 */
public final class Tokens {

  /** The {@code aud} of every token identity issues. */
  public static final String AUDIENCE = "sac4cps-api";

  /**
   * The {@code iss} outside AWS (tests and the local stack). In AWS the issuer is the REST API's
   * own URL, which CDK sets.
   */
  public static final String LOCAL_ISSUER = "https://identity.sac4cps.local";

  private Tokens() {}
}
