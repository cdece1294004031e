package io.sac4cps.infra.constructs;

import io.sac4cps.contracts.api.AddressRateLimit;
import java.util.List;
import software.amazon.awscdk.services.apigateway.Stage;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * AWS WAF in front of the REST API's stage: a rate-based rule per client address, so that one
 * address flooding unauthenticated routes (login, register, token) or anything else is blocked at
 * the edge before it spends the stage's throttle that real users share. API Gateway's own limits
 * (per route and per stage) still apply behind it.
 */
public final class RateLimitFirewall extends Construct {

  /**
   * Requests one address may send in any 5-minute window before WAF blocks it (about 10/s
   * sustained: far above a dashboard or a gateway posting batches, far below a flood).
   */
  public static final int REQUESTS_PER_ADDRESS_PER_5_MINUTES = AddressRateLimit.WAF.requests();

  private final CfnWebACL webAcl;

  private RateLimitFirewall(Construct scope, String id, Stage stage) {
    super(scope, id);
    this.webAcl =
        CfnWebACL.Builder.create(this, "WebAcl")
            .scope("REGIONAL")
            .description("sac4cps REST API: rate limit per client address")
            .defaultAction(
                CfnWebACL.DefaultActionProperty.builder()
                    .allow(CfnWebACL.AllowActionProperty.builder().build())
                    .build())
            .visibilityConfig(visibility("sac4cps-api"))
            .rules(
                List.of(
                    CfnWebACL.RuleProperty.builder()
                        .name("rate-per-address")
                        .priority(0)
                        .action(
                            CfnWebACL.RuleActionProperty.builder()
                                .block(CfnWebACL.BlockActionProperty.builder().build())
                                .build())
                        .statement(
                            CfnWebACL.StatementProperty.builder()
                                .rateBasedStatement(
                                    CfnWebACL.RateBasedStatementProperty.builder()
                                        .aggregateKeyType("IP")
                                        .limit(REQUESTS_PER_ADDRESS_PER_5_MINUTES)
                                        .evaluationWindowSec(
                                            AddressRateLimit.WAF.window().toSeconds())
                                        .build())
                                .build())
                        .visibilityConfig(visibility("rate-per-address"))
                        .build()))
            .build();
    CfnWebACLAssociation.Builder.create(this, "Association")
        .resourceArn(stage.getStageArn())
        .webAclArn(webAcl.getAttrArn())
        .build();
  }

  static RateLimitFirewall protect(Construct scope, String id, Stage stage) {
    return new RateLimitFirewall(scope, id, stage);
  }

  public CfnWebACL getWebAcl() {
    return webAcl;
  }

  private static CfnWebACL.VisibilityConfigProperty visibility(String metric) {
    return CfnWebACL.VisibilityConfigProperty.builder()
        .cloudWatchMetricsEnabled(true)
        .metricName(metric)
        .sampledRequestsEnabled(true)
        .build();
  }
}
