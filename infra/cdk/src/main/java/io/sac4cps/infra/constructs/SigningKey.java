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
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * identity's RS256 signing key, kept in Secrets Manager as a private JWK (with {@code kid}), the
 * format identity reads from {@code sac4cps.identity.signing-key-secret-id}. Secrets Manager
 * generates passwords, not key pairs, so a small custom resource fills the generated secret with an
 * RSA key on creation (and keeps it on later deploys) and returns only the public half as a JWKS
 * document, which the authorizer and every function verify tokens with, without calling identity.
 */
public final class SigningKey extends Construct {

  // Node's crypto makes the key and exports it as a private JWK, the format identity reads
  // (io.sac4cps.identity.token.SigningKeys.parsePrivate); the runtime's bundled AWS SDK v3 stores
  // it. Only the public half leaves the handler.
  private static final String HANDLER_SOURCE =
      """
      const { SecretsManagerClient, GetSecretValueCommand, PutSecretValueCommand } =
        require('@aws-sdk/client-secrets-manager');
      const crypto = require('crypto');
      const sm = new SecretsManagerClient({});
      exports.handler = async (event) => {
        const secretId = event.ResourceProperties.SecretArn;
        if (event.RequestType === 'Delete') {
          return { PhysicalResourceId: event.PhysicalResourceId };
        }
        const stored = await sm.send(new GetSecretValueCommand({ SecretId: secretId }));
        let key = {};
        try { key = JSON.parse(stored.SecretString || '{}'); } catch (e) { key = {}; }
        if (key.kty !== 'RSA' || !key.d || !key.kid) {
          const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
          const kid = new Date().toISOString().slice(0, 10) + '-' + crypto.randomUUID().slice(0, 8);
          key = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
          await sm.send(new PutSecretValueCommand({
            SecretId: secretId, SecretString: JSON.stringify(key) }));
        }
        const jwks = { keys: [{ kty: key.kty, n: key.n, e: key.e, kid: key.kid,
          alg: 'RS256', use: 'sig' }] };
        return { PhysicalResourceId: secretId,
          Data: { Jwks: JSON.stringify(jwks), KeyId: key.kid } };
      };
      """;

  private final Secret secret;
  private final CustomResource keyPair;

  private SigningKey(Construct scope, String id, String secretDescription) {
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
            .description("Fills the signing-key secret with an RSA key pair")
            .build();
    secret.grantRead(generator);
    secret.grantWrite(generator);
    Provider provider = Provider.Builder.create(this, "Provider").onEventHandler(generator).build();
    Findings.accept(
        secret,
        "AwsSolutions-SMG4",
        "the key is replaced, not rotated in place: rotation with kid and an overlap window is the"
            + " AWS hardening issue's key-rotation item");
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
  }

  /** A signing key whose secret carries {@code description}. */
  public static SigningKey create(Construct scope, String id, String description) {
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("description is required");
    }
    return new SigningKey(scope, id, description);
  }

  public Secret getSecret() {
    return secret;
  }

  /** The public JWKS document (JSON); safe to hand out. */
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
   * A CloudFormation dynamic reference to the whole private JWK, resolved at deploy time into an
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
