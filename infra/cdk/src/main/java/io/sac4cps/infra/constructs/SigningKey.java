package io.sac4cps.infra.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Permission;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.secretsmanager.CfnRotationSchedule;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * identity's RS256 signing keys, kept in Secrets Manager as a key ring (decision 0061; the format
 * of {@code io.sac4cps.platform.keys.SigningKeyRing}): the active private key that signs, the next
 * one already published, and previous public keys until their overlap ends. Secrets Manager
 * generates passwords, not key pairs, so one small function fills the generated secret with a ring
 * on creation (and keeps it on later deploys), returning only the public keys as a JWKS document
 * for every function's configuration, and is also the secret's rotation function: every {@link
 * #ROTATION_INTERVAL} the next key starts signing, a new next key is published and the key that
 * signed until then stays published for {@link #OVERLAP}, then is dropped, its tokens refused.
 */
public final class SigningKey extends Construct {

  /** How long a key signs before the next one takes over. */
  public static final Duration ROTATION_INTERVAL = Duration.days(30);

  /**
   * How long a rotated-out key stays published: the access token lifetime (15 minutes) plus the
   * time identity takes to read the new ring (its 5-minute refresh plus the secrets extension's
   * 5-minute cache), with room to spare.
   */
  public static final Duration OVERLAP = Duration.hours(1);

  // Node's crypto makes the keys, exported as private JWKs; the runtime's bundled AWS SDK v3 stores
  // them. The ring's format and its rotation rule are SigningKeyRing's (platform-keys): keep the
  // two in step. Only public keys leave the handler.
  private static final String HANDLER_SOURCE =
      """
      const { SecretsManagerClient, GetSecretValueCommand, PutSecretValueCommand,
        DescribeSecretCommand, UpdateSecretVersionStageCommand } =
        require('@aws-sdk/client-secrets-manager');
      const crypto = require('crypto');
      const sm = new SecretsManagerClient({});
      const OVERLAP_MS = Number(process.env.OVERLAP_SECONDS) * 1000;
      const newKey = () => {
        const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
        const kid = new Date().toISOString().slice(0, 10) + '-' + crypto.randomUUID().slice(0, 8);
        return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
      };
      const isKey = (k) => !!k && k.kty === 'RSA' && !!k.d && !!k.kid;
      const pub = (k) => ({ kty: k.kty, n: k.n, e: k.e, kid: k.kid, alg: 'RS256', use: 'sig' });
      const parse = (s) => { try { return JSON.parse(s || '{}'); } catch (e) { return {}; } };
      // A bare private JWK is the format from before rotation: a ring of one.
      const asRing = (r) => isKey(r) ? { active: r, next: newKey(), previous: [] }
        : isKey(r.active) ? { active: r.active, next: isKey(r.next) ? r.next : newKey(),
          previous: Array.isArray(r.previous) ? r.previous : [] } : null;
      const live = (ring, now) => ring.previous.filter((p) => Date.parse(p.retireAt) > now);
      const rotate = (ring, now) => ({ active: ring.next, next: newKey(),
        previous: live(ring, now).concat(
          [{ key: pub(ring.active), retireAt: new Date(now + OVERLAP_MS).toISOString() }]) });
      const jwks = (ring, now) => ({ keys: [pub(ring.active), pub(ring.next)]
        .concat(live(ring, now).map((p) => p.key)) });
      const value = async (SecretId, VersionStage, VersionId) =>
        parse((await sm.send(new GetSecretValueCommand({ SecretId, VersionStage, VersionId })))
          .SecretString);
      // Secrets Manager's four rotation steps; setSecret has nothing to set elsewhere: identity
      // reads the ring, every verifier identity's JWKS.
      const rotation = async ({ SecretId, ClientRequestToken: token, Step }) => {
        const stages = (await sm.send(new DescribeSecretCommand({ SecretId })))
          .VersionIdsToStages || {};
        if (!stages[token]) throw new Error('rotation to an unknown version');
        if (stages[token].includes('AWSCURRENT')) return;
        if (Step === 'createSecret' && !stages[token].includes('AWSPENDING')) {
          const current = asRing(await value(SecretId, 'AWSCURRENT'));
          if (!current) throw new Error('the current key ring is not readable');
          await sm.send(new PutSecretValueCommand({ SecretId, ClientRequestToken: token,
            SecretString: JSON.stringify(rotate(current, Date.now())),
            VersionStages: ['AWSPENDING'] }));
        } else if (Step === 'testSecret') {
          if (!asRing(await value(SecretId, 'AWSPENDING', token))) {
            throw new Error('the pending key ring is not readable');
          }
        } else if (Step === 'finishSecret') {
          const current = Object.keys(stages).find((v) => stages[v].includes('AWSCURRENT'));
          await sm.send(new UpdateSecretVersionStageCommand({ SecretId, VersionStage: 'AWSCURRENT',
            MoveToVersionId: token, RemoveFromVersionId: current }));
        }
      };
      exports.handler = async (event) => {
        if (event.Step) return rotation(event);
        const secretId = event.ResourceProperties.SecretArn;
        if (event.RequestType === 'Delete') {
          return { PhysicalResourceId: event.PhysicalResourceId };
        }
        const stored = await value(secretId, 'AWSCURRENT');
        let ring = asRing(stored);
        if (!ring || !isKey(stored.next)) {
          ring = ring || { active: newKey(), next: newKey(), previous: [] };
          await sm.send(new PutSecretValueCommand({
            SecretId: secretId, SecretString: JSON.stringify(ring) }));
        }
        return { PhysicalResourceId: secretId,
          Data: { Jwks: JSON.stringify(jwks(ring, Date.now())), KeyId: ring.active.kid } };
      };
      """;

  private final Secret secret;
  private final CustomResource keyPair;

  private SigningKey(Construct scope, String id, String secretDescription, boolean rotated) {
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
    Function generator =
        Function.Builder.create(this, "Generator")
            .runtime(Runtime.NODEJS_24_X)
            .architecture(Architecture.ARM_64)
            .memorySize(256)
            .handler("index.handler")
            .code(Code.fromInline(HANDLER_SOURCE))
            .timeout(Duration.seconds(30))
            .description("Fills and rotates the signing-key ring secret")
            .environment(Map.of("OVERLAP_SECONDS", String.valueOf(OVERLAP.toSeconds().longValue())))
            .build();
    secret.grantRead(generator);
    secret.grantWrite(generator);
    Provider provider = Provider.Builder.create(this, "Provider").onEventHandler(generator).build();
    Findings.accept(
        this,
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
        Findings.MANAGED_LOGS_POLICY);
    Findings.accept(
        provider,
        "AwsSolutions-IAM5[Resource::<"
            + Stack.of(this).getLogicalId((CfnElement) generator.getNode().getDefaultChild())
            + ".Arn>:*]",
        "CDK's custom-resource provider may invoke any version of the generator it fronts");
    Findings.accept(
        this,
        "Serverless-LambdaDLQ",
        "a deploy-time custom resource; CloudFormation reports its failure");
    Findings.accept(
        this, "Serverless-LambdaTracing", "a deploy-time custom resource, run once per deploy");
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
      generator.addPermission(
          "InvokedBySecretsManager",
          Permission.builder()
              .principal(new ServicePrincipal("secretsmanager.amazonaws.com"))
              .sourceAccount(Stack.of(this).getAccount())
              .build());
      Grant.addToPrincipal(
          GrantOnPrincipalOptions.builder()
              .grantee(generator)
              .actions(List.of("secretsmanager:UpdateSecretVersionStage"))
              .resourceArns(List.of(secret.getSecretArn()))
              .build());
      CfnRotationSchedule rotation =
          CfnRotationSchedule.Builder.create(this, "Rotation")
              .secretId(secret.getSecretArn())
              .rotationLambdaArn(generator.getFunctionArn())
              .rotationRules(
                  CfnRotationSchedule.RotationRulesProperty.builder()
                      .scheduleExpression(
                          "rate(" + ROTATION_INTERVAL.toDays().intValue() + " days)")
                      .build())
              // The first rotation would find the placeholder: the ring comes first.
              .rotateImmediatelyOnUpdate(false)
              .build();
      // After the ring, and after the permission and grants that let the rotation run.
      rotation.getNode().addDependency(keyPair, generator);
    } else {
      Findings.accept(
          secret,
          "AwsSolutions-SMG4",
          "the emulated stage (LocalStack) keeps one ring; AWS stages rotate it every 30 days");
    }
  }

  /**
   * A signing key ring whose secret carries {@code description}, rotated every {@link
   * #ROTATION_INTERVAL} when {@code rotated}.
   */
  public static SigningKey create(Construct scope, String id, String description, boolean rotated) {
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("description is required");
    }
    return new SigningKey(scope, id, description, rotated);
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
