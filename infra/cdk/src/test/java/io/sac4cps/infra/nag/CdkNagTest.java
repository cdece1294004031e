package io.sac4cps.infra.nag;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPack;
import io.github.cdklabs.cdknag.ServerlessChecks;
import io.sac4cps.infra.PlatformStack;
import io.sac4cps.infra.StageSettings;
import io.sac4cps.infra.plan.ContractDeploymentPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.PolicyValidationPluginReport;
import software.amazon.awscdk.PolicyViolatingResource;
import software.amazon.awscdk.PolicyViolation;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * cdk-nag's AwsSolutions and Serverless packs over both deployable stages: every finding is fixed
 * or suppressed on its resource with a reason (NagSuppressions in the stack), so a new resource
 * that breaks a rule fails the build here.
 */
class CdkNagTest {
  static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void noUnsuppressedFinding(String stage) throws Exception {
    App app =
        new App(
            AppProps.builder()
                .outdir(Files.createTempDirectory("cdk.out").toString())
                // SES is deployed only with a sending domain: nag must see it.
                .context(
                    java.util.Map.of(PlatformStack.EMAIL_DOMAIN_CONTEXT, "mail.sac4cps.example"))
                .build());
    PlatformStack stack =
        new PlatformStack(
            app,
            "sac4cps-" + stage,
            StackProps.builder().build(),
            ContractDeploymentPlan.load(REPOSITORY),
            StageSettings.of(stage, null));
    List<String> findings = new ArrayList<>();
    for (NagPack pack : List.<NagPack>of(new AwsSolutionsChecks(app), new ServerlessChecks(app))) {
      PolicyValidationPluginReport report = pack.validateScope(stack);
      for (PolicyViolation violation : report.getViolations()) {
        for (PolicyViolatingResource resource : violation.getViolatingResources()) {
          findings.add("FINDING " + violation.getRuleName() + " " + resource.getConstructPath());
        }
      }
    }
    findings.forEach(System.out::println);
    assertThat(findings).as("cdk-nag findings of " + stage).isEmpty();
    if (stage.equals("prod")) {
      // What prod passes nag with: the database it keeps, backed up, with a reader to fail over to.
      Template template = Template.fromStack(stack);
      template.hasResourceProperties(
          "AWS::RDS::DBCluster",
          Match.objectLike(
              java.util.Map.of("DeletionProtection", true, "BackupRetentionPeriod", 14)));
      assertThat(template.findResources("AWS::RDS::DBInstance")).hasSize(2);
    }
  }
}
