package io.sac4cps.authorizer;

/** The bearer token is missing, malformed, forged, expired or not meant for this API. */
public class InvalidTokenException extends Exception {

  public InvalidTokenException(String reason) {
    super(reason, null, false, false);
  }
}
