package io.sac4cps.platform.security;

/** The roles a token can carry; the contract's {@code x-roles} use the same names. */
public final class Roles {
  public static final String ADMIN = "admin";
  public static final String OPERATOR = "operator";
  public static final String VIEWER = "viewer";

  /** A sensor gateway using client credentials: may only post readings. */
  public static final String DEVICE = "device";

  private Roles() {}
}
