package io.sac4cps.localstack.runtime;

/** The handler threw: Lambda reports a function error (the cause is the handler's exception). */
public class InvocationFailedException extends RuntimeException {
  public InvocationFailedException(String function, Throwable cause) {
    super(function + " failed: " + cause, cause);
  }
}
