package io.sac4cps.platform.priming;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * The Lambda context a primer hands a handler: no real invocation behind it, and a logger that
 * drops its lines (priming logs nothing a user would read).
 */
public final class PrimingLambdaContext implements Context {
  public static final PrimingLambdaContext INSTANCE = new PrimingLambdaContext();

  private PrimingLambdaContext() {}

  @Override
  public String getAwsRequestId() {
    return "priming";
  }

  @Override
  public String getLogGroupName() {
    return "priming";
  }

  @Override
  public String getLogStreamName() {
    return "priming";
  }

  @Override
  public String getFunctionName() {
    return "priming";
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:000000000000:function:priming";
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return 30_000;
  }

  @Override
  public int getMemoryLimitInMB() {
    return 1024;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {}

      @Override
      public void log(byte[] message) {}
    };
  }
}
