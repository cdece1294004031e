package io.sac4cps.contracts;

/** A contract file is missing, unreadable or inconsistent; the build or the start-up must stop. */
public class InvalidContractException extends RuntimeException {

  public InvalidContractException(String message) {
    super(message);
  }

  public InvalidContractException(String message, Throwable cause) {
    super(message, cause);
  }
}
