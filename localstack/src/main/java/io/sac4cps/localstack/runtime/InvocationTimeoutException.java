package io.sac4cps.localstack.runtime;

/** The handler ran past the function's timeout; Lambda would have stopped it. */
public class InvocationTimeoutException extends RuntimeException {
  public InvocationTimeoutException(String message) {
    super(message);
  }
}
