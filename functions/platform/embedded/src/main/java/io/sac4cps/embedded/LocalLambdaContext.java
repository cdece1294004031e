package io.sac4cps.embedded;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The {@link Context} a handler gets when invoked outside Lambda (tests, the local stack): the
 * names Lambda would give the function in {@link LocalAwsAccount}, a request id, a deadline
 * counting down and a logger writing to standard out as Lambda's does.
 */
public record LocalLambdaContext(
    String functionName, String requestId, int memoryLimitInMb, Instant deadline)
    implements Context {

  private static final LambdaLogger STDOUT =
      new LambdaLogger() {
        @Override
        public void log(String message) {
          System.out.print(message);
        }

        @Override
        public void log(byte[] message) {
          System.out.print(new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void log(String message, LogLevel level) {
          log(message);
        }
      };

  /** A fresh invocation of {@code functionName} with Lambda's defaults: 30 s timeout, 512 MB. */
  public static LocalLambdaContext of(String functionName) {
    return of(functionName, Duration.ofSeconds(30), 512);
  }

  public static LocalLambdaContext of(String functionName, Duration timeout, int memoryLimitInMb) {
    return new LocalLambdaContext(
        functionName, UUID.randomUUID().toString(), memoryLimitInMb, Instant.now().plus(timeout));
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "local/" + requestId;
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
    return "arn:aws:lambda:"
        + LocalAwsAccount.REGION
        + ":"
        + LocalAwsAccount.ACCOUNT_ID
        + ":function:"
        + functionName;
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
    return (int) Math.max(0, deadline.toEpochMilli() - System.currentTimeMillis());
  }

  @Override
  public int getMemoryLimitInMB() {
    return memoryLimitInMb;
  }

  @Override
  public LambdaLogger getLogger() {
    return STDOUT;
  }
}
