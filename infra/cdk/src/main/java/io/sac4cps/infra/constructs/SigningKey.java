package io.sac4cps.infra.constructs;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Permission;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.CfnRotationSchedule;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * identity's RS256 signing keys, kept in Secrets Manager as a key ring (decision 0061; the format
 * of {@code io.sac4cps.platform.keys.SigningKeyRing}): the active private key that signs, the next
 * one already published, and previous public keys until their overlap ends. Secrets Manager
 * generates passwords, not key pairs, so one small Java function from identity's jar ({@value
 * #HANDLER}, decision 0067) fills the generated secret with a ring on creation (and keeps it on
 * later deploys), returning only the public keys as a JWKS document for every function's
 * configuration, and is also the secret's rotation function: every {@link #ROTATION_INTERVAL} the
 * next key starts signing, a new next key is published and the key that signed until then stays
 * published for {@link #OVERLAP}, then is dropped, its tokens refused. The rotation is {@code
 * SigningKeyRing}'s own: no second implementation of the ring exists.
 */
public final class SigningKey extends Construct {

  /** The handler in identity's jar that fills and rotates the ring (no Micronaut context). */
  public static final String HANDLER = "io.sac4cps.identity.token.SigningKeyRotation";

  /** How long a key signs before the next one takes over. */
  public static final Duration ROTATION_INTERVAL = Duration.days(30);

  /**
   * How long a rotated-out key stays published: the access token lifetime (15 minutes) plus the
   * time identity takes to read the new ring (its 5-minute refresh plus the secrets extension's
   * 5-minute cache), with room to spare.
   */
  public static final Duration OVERLAP = Duration.hours(1);

  /** Where the handler reads {@link #OVERLAP} ({@code SigningKeyRotation.OVERLAP_SECONDS}). */
  static final String OVERLAP_VARIABLE = "SAC4CPS_SIGNING_KEY_OVERLAP_SECONDS";

  private final Secret secret;
  private final MicronautFunction handler;
  private final CustomResource keyPair;

  private SigningKey(
      Construct scope,
      String id,
      String secretDescription,
      boolean rotated,
      Path jar,
      RetentionDays logRetention,
      RemovalPolicy logRemovalPolicy) {
    super(scope, id);
    this.secret =
        Secret.Builder.create(this, "Secret")
            .description(secretDescription)
            // A generated placeholder; the key pair replaces it before anything reads it.
            .generateSecretString(
                SecretStringGenerator.builder()
                    .secretStringTemplate("{}")
                    .generateStringKey("placeholder")
                    .build())
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    // Run once per deploy and once a month: no SnapStart (its snapshot would be taken at every
    // publish for a handful of invocations), and no Micronaut context to start.
    this.handler =
        MicronautFunction.builder(this, "Handler")
            .serviceName("identity-signing-keys")
            .description("Fills and rotates the signing-key ring secret")
            .jar(jar)
            .handler(HANDLER)
            .memoryMb(512)
            .timeoutSeconds(60)
            .snapStart(false)
            .logRetention(logRetention)
            .logRemovalPolicy(logRemovalPolicy)
            .environment(OVERLAP_VARIABLE, String.valueOf(OVERLAP.toSeconds().longValue()))
            .build();
    Function function = handler.getFunction();
    secret.grantRead(function);
    secret.grantWrite(function);
    Provider provider = Provider.Builder.create(this, "Provider").onEventHandler(function).build();
    Findings.accept(
        provider,
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
        Findings.MANAGED_LOGS_POLICY);
    Findings.accept(
        provider,
        "AwsSolutions-IAM5[Resource::<"
            + Stack.of(this).getLogicalId((CfnElement) function.getNode().getDefaultChild())
            + ".Arn>:*]",
        "CDK's custom-resource provider may invoke any version of the function it fronts");
    Findings.accept(
        provider,
        "Serverless-LambdaDLQ",
        "a deploy-time custom resource; CloudFormation reports its failure");
    Findings.accept(
        provider, "Serverless-LambdaTracing", "a deploy-time custom resource, run once per deploy");
    Findings.accept(
        provider,
        "Serverless-LambdaDefaultMemorySize",
        "CDK's custom-resource provider framework function; its memory is CDK's choice");
    Findings.accept(
        provider, "Serverless-LambdaLatestVersion", "CDK's provider framework picks its runtime");
    Findings.accept(provider, "AwsSolutions-L1", "CDK's provider framework picks its runtime");
    this.keyPair =
        CustomResource.Builder.create(this, "KeyPair")
            .resourceType("Custom::SigningKey")
            .serviceToken(provider.getServiceToken())
            .properties(Map.of("SecretArn", secret.getSecretArn()))
            .build();
    if (rotated) {
      // CloudFormation's schedule, not CDK's addRotationSchedule: that also grants the function
      // secretsmanager:GetRandomPassword on *, which a ring of RSA keys never needs.
      function.addPermission(
          "InvokedBySecretsManager",
          Permission.builder()
              .principal(new ServicePrincipal("secretsmanager.amazonaws.com"))
              .sourceAccount(Stack.of(this).getAccount())
              .build());
      Grant.addToPrincipal(
          GrantOnPrincipalOptions.builder()
              .grantee(function)
              .actions(List.of("secretsmanager:UpdateSecretVersionStage"))
              .resourceArns(List.of(secret.getSecretArn()))
              .build());
      CfnRotationSchedule rotation =
          CfnRotationSchedule.Builder.create(this, "Rotation")
              .secretId(secret.getSecretArn())
              .rotationLambdaArn(function.getFunctionArn())
              .rotationRules(
                  CfnRotationSchedule.RotationRulesProperty.builder()
                      .scheduleExpression(
                          "rate(" + ROTATION_INTERVAL.toDays().intValue() + " days)")
                      .build())
              // The first rotation would find the placeholder: the ring comes first.
              .rotateImmediatelyOnUpdate(false)
              .build();
      // After the ring, and after the permission and grants that let the rotation run.
      rotation.getNode().addDependency(keyPair, function);
      // A failed step leaves the ring as it was (identity keeps signing); someone must look before
      // the next attempt. The stack routes every alarm to its alarm topic.
      Alarm.Builder.create(this, "RotationFailed")
          .alarmDescription("the signing-key ring's rotation failed: see " + HANDLER + "'s log")
          .metric(
              function.metricErrors(
                  MetricOptions.builder().period(Duration.hours(1)).statistic("Sum").build()))
          .threshold(1)
          .evaluationPeriods(1)
          .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
          .treatMissingData(TreatMissingData.NOT_BREACHING)
          .build();
    } else {
      Findings.accept(
          secret,
          "AwsSolutions-SMG4",
          "the emulated stage (LocalStack) keeps one ring; AWS stages rotate it every 30 days");
    }
  }

  /**
   * A signing key ring whose secret carries {@code description}, rotated every {@link
   * #ROTATION_INTERVAL} when {@code rotated}, by {@value #HANDLER} from the token issuer's {@code
   * jar}; the handler's logs kept as the stage keeps logs.
   */
  public static SigningKey create(
      Construct scope,
      String id,
      String description,
      boolean rotated,
      Path jar,
      RetentionDays logRetention,
      RemovalPolicy logRemovalPolicy) {
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("description is required");
    }
    if (jar == null) {
      throw new IllegalArgumentException(
          "the signing key's handler comes from the token issuer's jar: deploy a function with"
              + " role token-issuer");
    }
    return new SigningKey(scope, id, description, rotated, jar, logRetention, logRemovalPolicy);
  }

  /** The function that fills and rotates the ring ({@value #HANDLER}). */
  public MicronautFunction getHandler() {
    return handler;
  }

  public Secret getSecret() {
    return secret;
  }

  /**
   * The public JWKS document (JSON) as the ring was when the custom resource last ran; safe to hand
   * out. Functions start from it and follow identity's published JWKS after rotations.
   */
  public String getJwks() {
    return keyPair.getAttString("Jwks");
  }

  public String getKeyId() {
    return keyPair.getAttString("KeyId");
  }

  /**
   * Lets {@code grantee} read the private key and nothing else: {@code
   * secretsmanager:GetSecretValue} on this one secret.
   */
  public void grantGetSecretValue(IGrantable grantee) {
    Grant.addToPrincipal(
        GrantOnPrincipalOptions.builder()
            .grantee(grantee)
            .actions(List.of("secretsmanager:GetSecretValue"))
            .resourceArns(List.of(secret.getSecretArn()))
            .build());
  }

  /**
   * A CloudFormation dynamic reference to the whole key ring, resolved at deploy time into an
   * environment variable. Only for LocalStack's free image, which runs no Lambda layers (so no
   * secrets extension); in AWS identity reads the secret at startup instead. Anything using it must
   * deploy after the key exists, see {@link #getKeyPair()}.
   */
  public String privateJwkReference() {
    return secret.getSecretValue().unsafeUnwrap();
  }

  /** The custom resource that creates the key pair; functions using the key depend on it. */
  public CustomResource getKeyPair() {
    return keyPair;
  }
}
