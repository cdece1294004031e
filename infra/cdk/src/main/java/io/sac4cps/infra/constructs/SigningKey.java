package io.sac4cps.infra.constructs;

import java.util.Map;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * identity's RS256 signing key, kept in Secrets Manager. Secrets Manager generates passwords, not
 * key pairs, so a small custom resource fills the generated secret with an RSA key pair on creation
 * (and keeps it on later deploys) and returns only the public half as a JWKS document, which the
 * authorizer and every function verify tokens with, without calling identity.
 */
public final class SigningKey extends Construct {

  // Node's crypto makes the key; the runtime's bundled AWS SDK v3 stores it. Only the public JWK
  // leaves the handler.
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
        let value = {};
        try { value = JSON.parse(stored.SecretString || '{}'); } catch (e) { value = {}; }
        if (!value.privateKeyPem) {
          const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
          value = {
            kid: crypto.randomUUID(),
            privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }),
          };
          await sm.send(new PutSecretValueCommand({
            SecretId: secretId, SecretString: JSON.stringify(value) }));
        }
        const jwk = crypto.createPublicKey(value.privateKeyPem).export({ format: 'jwk' });
        const jwks = { keys: [{ kty: jwk.kty, n: jwk.n, e: jwk.e, kid: value.kid,
          alg: 'RS256', use: 'sig' }] };
        return { PhysicalResourceId: secretId,
          Data: { Jwks: JSON.stringify(jwks), KeyId: value.kid } };
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
            .runtime(Runtime.NODEJS_22_X)
            .architecture(Architecture.ARM_64)
            .handler("index.handler")
            .code(Code.fromInline(HANDLER_SOURCE))
            .timeout(Duration.seconds(30))
            .description("Fills the signing-key secret with an RSA key pair")
            .build();
    secret.grantRead(generator);
    secret.grantWrite(generator);
    Provider provider = Provider.Builder.create(this, "Provider").onEventHandler(generator).build();
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
   * A CloudFormation dynamic reference to the private key (PEM), resolved at deploy time into the
   * environment of the one function that signs. Anything using it must deploy after the key exists,
   * see {@link #getKeyPair()}.
   */
  public String privateKeyReference() {
    return secret.secretValueFromJson("privateKeyPem").unsafeUnwrap();
  }

  /** The custom resource that creates the key pair; functions using the key depend on it. */
  public CustomResource getKeyPair() {
    return keyPair;
  }
}
