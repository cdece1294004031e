package io.sac4cps.testkit.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A Lambda {@link Context} for invoking handlers in tests: a fresh request id per instance, the
 * names Lambda would give the function, a deadline counting down from creation, and a logger that
 * writes to standard out as Lambda's does.
 */
public final class TestLambdaContext implements Context {

  private static final String ACCOUNT_ID = "000000000000";
  private static final String REGION = "us-east-1";

  private final String functionName;
  private final String awsRequestId = UUID.randomUUID().toString();
  private final Instant deadline;
  private final int memoryLimitInMb;

  /** A context for {@code functionName} with Lambda's defaults: 30 s timeout, 512 MB. */
  public TestLambdaContext(String functionName) {
    this(functionName, Duration.ofSeconds(30), 512);
  }

  public TestLambdaContext(String functionName, Duration timeout, int memoryLimitInMb) {
    this.functionName = functionName;
    this.deadline = Instant.now().plus(timeout);
    this.memoryLimitInMb = memoryLimitInMb;
  }

  @Override
  public String getAwsRequestId() {
    return awsRequestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "2024/01/01/[$LATEST]" + awsRequestId.replace("-", "");
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:" + REGION + ":" + ACCOUNT_ID + ":function:" + functionName;
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
    return (int) Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
  }

  @Override
  public int getMemoryLimitInMB() {
    return memoryLimitInMb;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        System.out.print(message);
      }

      @Override
      public void log(byte[] message) {
        System.out.print(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
