package io.sac4cps.localstack.runtime;

/** A function could not be loaded or its application context did not start. */
public class FunctionStartException extends RuntimeException {
  public FunctionStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
