package io.sac4cps.infra;

import io.sac4cps.infra.plan.ContractDeploymentPlan;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The CDK app: one {@link PlatformStack} {@code sac4cps-<stage>} built from the contract files.
 *
 * <p>Context: {@code stage} (dev|prod, default dev), {@code allowedOrigins} (comma-separated CORS
 * origins, required for prod), {@code repository} (the repository root, default {@code ../..}, i.e.
 * run from infra/cdk). Account and region come from the CLI's profile ({@code CDK_DEFAULT_*}).
 */
public final class InfraApp {

  private InfraApp() {}

  public static void main(String[] args) {
    App app = new App();
    build(app);
    app.synth();
  }

  /** Adds the stage's stack to {@code app}. */
  public static PlatformStack build(App app) {
    String stage = context(app, "stage", "dev");
    StageSettings settings = StageSettings.of(stage, context(app, "allowedOrigins", null));
    Path repository = Path.of(context(app, "repository", "../..")).toAbsolutePath().normalize();
    PlatformStack stack =
        new PlatformStack(
            app,
            "sac4cps-" + stage,
            StackProps.builder()
                .description("sac4cps " + stage + ": smart-building backend")
                .env(
                    Environment.builder()
                        .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                        .region(System.getenv("CDK_DEFAULT_REGION"))
                        .build())
                .build(),
            ContractDeploymentPlan.load(repository),
            settings);
    Tags.of(stack).add("project", "sac4cps");
    Tags.of(stack).add("stage", stage);
    return stack;
  }

  private static String context(App app, String key, String fallback) {
    Object value = app.getNode().tryGetContext(key);
    return value == null ? fallback : value.toString();
  }
}
