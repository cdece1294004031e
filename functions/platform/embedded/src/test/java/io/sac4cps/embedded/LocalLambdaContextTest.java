package io.sac4cps.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalLambdaContextTest {

  @Test
  void looksLikeTheContextLambdaGivesAFunction() {
    var context = LocalLambdaContext.of("sensors", Duration.ofSeconds(10), 1024);

    assertThat(context.getFunctionName()).isEqualTo("sensors");
    assertThat(context.getInvokedFunctionArn())
        .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:sensors");
    assertThat(context.getLogGroupName()).isEqualTo("/aws/lambda/sensors");
    assertThat(context.getAwsRequestId())
        .isNotEqualTo(LocalLambdaContext.of("sensors").getAwsRequestId());
    assertThat(context.getRemainingTimeInMillis()).isBetween(1, 10_000);
    assertThat(context.getMemoryLimitInMB()).isEqualTo(1024);
    assertThat(context.getLogger()).isNotNull();
  }
}
