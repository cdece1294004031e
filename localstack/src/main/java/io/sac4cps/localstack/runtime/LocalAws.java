package io.sac4cps.localstack.runtime;

import io.sac4cps.embedded.LocalAwsAccount;

/** ARNs of the local account, shaped as AWS shapes them so handlers can parse them. */
public final class LocalAws {
  public static final String REGION = LocalAwsAccount.REGION;
  public static final String ACCOUNT_ID = LocalAwsAccount.ACCOUNT_ID;
  public static final String API_ID = "local";

  private LocalAws() {}

  public static String functionArn(String function) {
    return "arn:aws:lambda:" + REGION + ":" + ACCOUNT_ID + ":function:" + function;
  }

  public static String queueArn(String queue) {
    return "arn:aws:sqs:" + REGION + ":" + ACCOUNT_ID + ":" + queue;
  }

  public static String kafkaClusterArn() {
    return "arn:aws:kafka:" + REGION + ":" + ACCOUNT_ID + ":cluster/local/00000000-0000-0000-0000";
  }

  /** {@code arn:aws:execute-api:<region>:<account>:<api>/<stage>/<METHOD>/<path>}. */
  public static String methodArn(String stage, String method, String path) {
    return "arn:aws:execute-api:"
        + REGION
        + ":"
        + ACCOUNT_ID
        + ":"
        + API_ID
        + "/"
        + stage
        + "/"
        + method
        + path;
  }
}
