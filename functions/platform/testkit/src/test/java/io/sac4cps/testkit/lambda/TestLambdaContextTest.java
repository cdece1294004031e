package io.sac4cps.testkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TestLambdaContextTest {

  @Test
  void looksLikeTheContextLambdaGivesAFunction() {
    var context = new TestLambdaContext("sensors", Duration.ofSeconds(10), 1024);

    assertThat(context.getFunctionName()).isEqualTo("sensors");
    assertThat(context.getInvokedFunctionArn()).endsWith(":function:sensors");
    assertThat(context.getLogGroupName()).isEqualTo("/aws/lambda/sensors");
    assertThat(context.getAwsRequestId())
        .isNotEqualTo(new TestLambdaContext("sensors").getAwsRequestId());
    assertThat(context.getRemainingTimeInMillis()).isBetween(1, 10_000);
    assertThat(context.getMemoryLimitInMB()).isEqualTo(1024);
    assertThat(context.getLogger()).isNotNull();
  }
}
