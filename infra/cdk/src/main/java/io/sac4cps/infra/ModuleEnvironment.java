package io.sac4cps.infra;

import io.sac4cps.contracts.api.Tokens;
import io.sac4cps.contracts.wiring.FunctionDefinition.Role;
import io.sac4cps.contracts.wiring.FunctionEnvironment;
import io.sac4cps.contracts.wiring.FunctionEnvironment.Variable;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.infra.constructs.EmailSending;
import io.sac4cps.infra.constructs.Findings;
import io.sac4cps.infra.constructs.MicronautFunction;
import io.sac4cps.infra.constructs.NotificationsWebSocketApi;
import io.sac4cps.infra.constructs.PlatformDatabase;
import io.sac4cps.infra.constructs.SchemaMigration;
import io.sac4cps.infra.constructs.ServerlessKafkaCluster;
import io.sac4cps.infra.constructs.SigningKey;
import java.util.Map;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * What each Lambda of a module may use and how it finds it: the variables of contracts' {@link
 * FunctionEnvironment} with AWS's values (or, on the emulated stage, those of
 * localstack/docker-compose.yml), the IAM grants and network access that go with them, and the
 * deploy-time schema migration of schema owners.
 *
 * @param issuer the {@code iss} of the tokens the token issuer signs (the REST API's URL)
 * @param webSocketApi null where the stage has none (emulated)
 * @param database null where no function owns a schema or the stage is emulated
 * @param kafka null where nothing produces to Kafka or the stage is emulated
 * @param email SES, null where it is not deployed (no {@code emailDomain}, or emulated)
 * @param emailSender the function whose Lambdas send email through {@code email}
 */
record ModuleEnvironment(
    Construct scope,
    StageSettings stage,
    Wiring wiring,
    Vpc vpc,
    Channels channels,
    PlatformDatabase database,
    ServerlessKafkaCluster kafka,
    SigningKey signingKey,
    NotificationsWebSocketApi webSocketApi,
    String issuer,
    EmailSending email,
    String emailSender) {

  /** PostgreSQL and Kafka of localstack/docker-compose.yml, by service name on its network. */
  static final String LOCAL_POSTGRES = "jdbc:postgresql://postgres:5432/sac4cps";

  static final String LOCAL_KAFKA = "kafka:29092";

  /** Sets the environment of every Lambda of {@code module} and grants what it names. */
  void wire(FunctionModule module) {
    FunctionEnvironment environment = FunctionEnvironment.of(wiring, module.name());
    module
        .lambdasByHandler()
        .forEach(
            (handler, lambda) -> {
              Map<String, String> values =
                  environment.resolve(environment.variables(handler), v -> value(module, v));
              values.forEach(lambda::addEnvironment);
              environment.variables(handler).forEach(v -> grant(module, lambda, v));
              if (email != null && module.name().equals(emailSender)) {
                // Like the endpoint overrides, outside FunctionEnvironment: the local stack points
                // the same settings at GreenMail (decision 0035).
                email.senderEnvironment().forEach(lambda::addEnvironment);
                email.grantSmtpCredentials(lambda.getAlias());
              }
            });
    if (kafka != null
        && module.securityGroup() != null
        && wiring.kafkaTopics().stream().anyMatch(t -> t.producers().contains(module.name()))) {
      kafka.allowFrom(module.securityGroup());
    }
    if (module.deployment().definition().role() == Role.TOKEN_ISSUER) {
      // SnapStart initialises (and reads the key) when the version is published: the key must
      // exist by then.
      module.http().getFunction().getNode().addDependency(signingKey.getKeyPair());
    }
    if (module.deployment().ownsSchema() && !stage.emulated()) {
      database.allowFunctions(module.securityGroup());
      SchemaMigration.Builder migration =
          SchemaMigration.builder(scope, FunctionModules.pascal(module.name()) + "SchemaMigration")
              .schema(module.name())
              .jar(module.deployment().jar())
              .database(database)
              .secretsExtension(FunctionModules.paramsAndSecretsLayer(scope))
              .vpc(vpc, module.securityGroup())
              .logRetention(stage.logRetention())
              .logRemovalPolicy(stage.logRemovalPolicy());
      module.lambdas().forEach(migration::before);
      migration.build();
    }
  }

  /** The value of {@code variable} here; null where this stage does not set it. */
  private String value(FunctionModule module, Variable variable) {
    boolean emulated = stage.emulated();
    String name = module.name();
    return switch (variable.meaning()) {
      case STAGE -> stage.name();
      case TOKEN_JWKS -> signingKey.getJwks();
      // Where the keys of later rotations are published; LocalStack's stage keeps one ring.
      case TOKEN_JWKS_URL -> emulated ? null : issuer + "/.well-known/jwks.json";
      case TOKEN_ISSUER -> issuer;
      case TOKEN_AUDIENCE -> Tokens.AUDIENCE;
      case DATABASE_URL ->
          emulated ? LOCAL_POSTGRES + "?currentSchema=" + name : database.proxyJdbcUrl(name);
      // Its own role (SchemaRole), signing in with IAM tokens through the proxy: no password in
      // its configuration (decision 0051). The compose database of the emulated stage has one user.
      case DATABASE_USERNAME -> emulated ? "sac4cps" : name;
      case DATABASE_IAM_AUTHENTICATION -> emulated ? null : "true";
      case DATABASE_PASSWORD -> emulated ? "sac4cps" : null;
      // Migrations run once per deploy (SchemaMigration), never on a cold start; there is no
      // deploy-time trigger against the compose database, so there they run on start.
      case MIGRATE_ON_START -> String.valueOf(emulated);
      case KAFKA_BOOTSTRAP_SERVERS -> emulated ? LOCAL_KAFKA : kafka.getBootstrapServers();
      case KAFKA_SECURITY_PROTOCOL -> emulated ? null : "SASL_SSL";
      case KAFKA_SASL_MECHANISM -> emulated ? null : "AWS_MSK_IAM";
      case KAFKA_SASL_JAAS_CONFIG ->
          emulated ? null : "software.amazon.msk.auth.iam.IAMLoginModule required;";
      case KAFKA_SASL_CALLBACK_HANDLER ->
          emulated ? null : "software.amazon.msk.auth.iam.IAMClientCallbackHandler";
      case SNS_TOPIC_ARN -> channels.topic(subject(variable)).getTopic().getTopicArn();
      case SQS_QUEUE_URL -> channels.sqsQueue(subject(variable)).getQueueUrl();
      case BUCKET_NAME -> channels.bucket(subject(variable)).getBucket().getBucketName();
      case WEBSOCKET_CALLBACK_URL -> webSocketApi == null ? null : webSocketApi.getCallbackUrl();
      // LocalStack's free image runs no layers, so no secrets extension: the key itself.
      case SIGNING_KEY -> emulated ? signingKey.privateJwkReference() : null;
      case SIGNING_KEY_SECRET_ID -> emulated ? null : signingKey.getSecret().getSecretArn();
      // The Lambda layer's extension, on its default port.
      case SECRETS_EXTENSION_URL -> null;
      case CORS_ALLOWED_ORIGINS -> String.join(",", stage.allowedOrigins());
    };
  }

  /** The permission that goes with a variable, where using its value needs one. */
  private void grant(FunctionModule module, MicronautFunction lambda, Variable variable) {
    switch (variable.meaning()) {
      case SNS_TOPIC_ARN -> {
        channels.topic(subject(variable)).getTopic().grantPublish(lambda.getAlias());
        if (lambda.getRole() instanceof IConstruct role) {
          Findings.accept(
              role,
              "AwsSolutions-IAM5[Action::kms:GenerateDataKey*]",
              "CDK's grantPublish on an encrypted topic: data keys of the one topic key only");
        }
      }
      case SQS_QUEUE_URL ->
          channels.sqsQueue(subject(variable)).grantSendMessages(lambda.getAlias());
      case BUCKET_NAME -> channels.bucket(subject(variable)).grantReadWrite(lambda.getAlias());
      case KAFKA_BOOTSTRAP_SERVERS -> {
        if (kafka != null) {
          wiring.kafkaTopics().stream()
              .filter(t -> t.producers().contains(module.name()))
              .forEach(t -> kafka.grantProduce(lambda.getAlias(), t.topic()));
        }
      }
      case WEBSOCKET_CALLBACK_URL -> {
        if (webSocketApi != null) {
          webSocketApi.getApi().grantManageConnections(lambda.getAlias());
          // CDK grants @connections of every stage; connection ids are unguessable and per
          // connection, which is what API Gateway's resource names allow.
          if (lambda.getRole() instanceof IConstruct role) {
            Findings.accept(
                role,
                "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:"
                    + "<AWS::AccountId>:<"
                    + Stack.of(role)
                        .getLogicalId(
                            (CfnElement) webSocketApi.getApi().getNode().getDefaultChild())
                    + ">/*/*/@connections/*]",
                "postToConnection to this WebSocket API's connections; the id is the connection's");
          }
        }
      }
      case DATABASE_USERNAME -> {
        if (!stage.emulated()) {
          database.grantConnect(lambda.getAlias(), module.name());
        }
      }
      case SIGNING_KEY_SECRET_ID -> {
        if (!stage.emulated()) {
          signingKey.grantGetSecretValue(lambda.getAlias());
        }
      }
      default -> {}
    }
  }

  private static String subject(Variable variable) {
    return variable.subject().orElseThrow();
  }
}
