package io.sac4cps.infra;

import io.sac4cps.contracts.events.Topics;
import io.sac4cps.contracts.wiring.FunctionDefinition;
import io.sac4cps.infra.constructs.ContractRestApi;
import io.sac4cps.infra.constructs.EmailSending;
import io.sac4cps.infra.constructs.Findings;
import io.sac4cps.infra.constructs.MicronautFunction;
import io.sac4cps.infra.constructs.NotificationsWebSocketApi;
import io.sac4cps.infra.constructs.PlatformDatabase;
import io.sac4cps.infra.constructs.PlatformMonitoring;
import io.sac4cps.infra.constructs.ServerlessKafkaCluster;
import io.sac4cps.infra.constructs.SigningKey;
import io.sac4cps.infra.constructs.WebDistribution;
import io.sac4cps.infra.plan.DeploymentPlan;
import io.sac4cps.infra.plan.FunctionDeployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The whole platform of one stage, built from a {@link DeploymentPlan}: network, database, Kafka,
 * topics, queues and buckets ({@link Channels}), one Lambda per handler of each function module
 * ({@link FunctionModules}), the REST API of the contract, the WebSocket API, then each module's
 * environment and grants ({@link ModuleEnvironment}) and the stack's outputs ({@link
 * StackOutputs}). What is special about a function (signing tokens, authorizing, serving the
 * WebSocket API) comes from its wiring entry, never from its name.
 */
public final class PlatformStack extends Stack {

  /** Context key of the secrets extension layer's ARN: see {@link FunctionModules}. */
  public static final String PARAMS_AND_SECRETS_LAYER_CONTEXT =
      FunctionModules.PARAMS_AND_SECRETS_LAYER_CONTEXT;

  /** Context key: ARN of the ADOT collector layer (arm64), else CDK's for the region (0048). */
  public static final String TRACE_COLLECTOR_LAYER_CONTEXT =
      FunctionModules.TRACE_COLLECTOR_LAYER_CONTEXT;

  /**
   * Context key: the domain email is sent from through SES (decision 0057). Without it the stack
   * has no SES, and email deliveries are recorded failed ("no SMTP server is configured").
   */
  public static final String EMAIL_DOMAIN_CONTEXT = "emailDomain";

  private final StageSettings stage;
  private final Map<String, FunctionModule> modules;
  private final SigningKey signingKey;
  private final ContractRestApi restApi;
  private final NotificationsWebSocketApi webSocketApi;
  private final WebDistribution web;
  private final EmailSending email;

  public PlatformStack(
      Construct scope, String id, StackProps props, DeploymentPlan plan, StageSettings settings) {
    super(scope, id, props);
    // The dashboard's origin is the one the APIs allow (plus any given with -c allowedOrigins);
    // LocalStack's free image has no CloudFront.
    this.web =
        settings.emulated()
            ? null
            : plan.webSite()
                .map(
                    site ->
                        WebDistribution.builder(this, "Dashboard")
                            .site(site)
                            .removalPolicy(settings.removalPolicy())
                            .build())
                .orElse(null);
    this.stage = web == null ? settings : settings.withAllowedOrigins(withDashboard(settings));
    StageSettings stage = this.stage;

    Vpc vpc = Network.create(this, stage);
    PlatformDatabase database =
        !stage.emulated() && plan.functions().stream().anyMatch(FunctionDeployment::ownsSchema)
            ? PlatformDatabase.builder(this, "Database")
                .vpc(vpc)
                .capacity(stage.dbMinCapacity(), stage.dbMaxCapacity())
                .readers(stage.dbReaders())
                .backupDays(stage.dbBackupDays())
                .deletionProtection(stage.deletionProtection())
                .removalPolicy(stage.removalPolicy())
                .logRetention(stage.logRetention())
                .build()
            : null;
    ServerlessKafkaCluster kafka =
        stage.emulated() || plan.kafkaTopics().isEmpty()
            ? null
            : ServerlessKafkaCluster.builder(this, "Kafka")
                .clusterName("sac4cps-" + stage.name())
                .vpc(vpc)
                .build();
    this.signingKey =
        SigningKey.create(
            this,
            "SigningKey",
            "sac4cps " + stage.name() + ": JWT signing keys",
            !stage.emulated(),
            plan.wiring()
                .tokenIssuer()
                .flatMap(issuer -> plan.function(issuer.name()))
                .map(FunctionDeployment::jar)
                .orElse(null),
            stage.logRetention(),
            stage.logRemovalPolicy());
    Channels channels = new Channels(this, plan, stage);
    Optional<String> emailSender = emailSender(plan);
    Object emailDomain = getNode().tryGetContext(EMAIL_DOMAIN_CONTEXT);
    this.email =
        stage.emulated() || emailSender.isEmpty() || emailDomain == null
            ? null
            : EmailSending.builder(this, "Email")
                .domain(emailDomain.toString())
                .configurationSetName("sac4cps-" + stage.name())
                .feedbackTopic(channels.topic(Topics.EMAIL_FEEDBACK).getTopic())
                .build();
    if (email == null && !stage.emulated() && emailSender.isPresent()) {
      Annotations.of(this)
          .addWarningV2(
              "sac4cps:no-email-domain",
              "no -c "
                  + EMAIL_DOMAIN_CONTEXT
                  + "=<domain>: no SES, email deliveries will be recorded failed");
    }
    String sender = email == null ? null : emailSender.get();

    this.modules = new FunctionModules(this, stage, plan, vpc, kafka, channels, sender).build();
    Optional<FunctionModule> authorizer =
        plan.wiring().authorizer().map(FunctionDefinition::name).map(modules::get);

    ContractRestApi.Builder api =
        ContractRestApi.builder(this, "RestApi")
            .apiName("sac4cps-" + stage.name())
            .stageName(stage.name())
            .routes(plan.routes())
            .allowedOrigins(stage.allowedOrigins())
            .defaultThrottle(stage.defaultThrottle())
            .logRetention(stage.logRetention())
            .logRemovalPolicy(stage.logRemovalPolicy());
    modules.forEach((name, module) -> api.function(name, module.http().getAlias()));
    authorizer.ifPresent(a -> api.authorizer(a.http().getAlias()));
    this.restApi = api.build();

    Optional<MicronautFunction> webSocketHandler =
        modules.values().stream()
            .map(FunctionModule::webSocket)
            .flatMap(Optional::stream)
            .findFirst();
    // LocalStack's free image has no WebSocket APIs (see infra/cdk/README.md).
    this.webSocketApi =
        stage.emulated()
            ? null
            : NotificationsWebSocketApi.builder(this, "WebSocketApi")
                .apiName("sac4cps-" + stage.name() + "-notifications")
                .stageName(stage.name())
                .handler(webSocketHandler.map(MicronautFunction::getAlias).orElse(null))
                .authorizer(authorizer.map(a -> a.http().getAlias()).orElse(null))
                .logRetention(stage.logRetention())
                .logRemovalPolicy(stage.logRemovalPolicy())
                .build();

    // The issuer is the API's own URL, spelled from the API's id rather than its deployment stage:
    // the stage depends on the methods, which depend on the functions that need the issuer.
    String issuer =
        "https://"
            + restApi.getApi().getRestApiId()
            + ".execute-api."
            + Aws.REGION
            + "."
            + Aws.URL_SUFFIX
            + "/"
            + stage.name();
    ModuleEnvironment environment =
        new ModuleEnvironment(
            this,
            stage,
            plan.wiring(),
            vpc,
            channels,
            database,
            kafka,
            signingKey,
            webSocketApi,
            issuer,
            email,
            sender);
    modules.values().forEach(environment::wire);

    if (web != null) {
      web.deploy(restApi.getUrl(), webSocketApi == null ? null : webSocketApi.getUrl());
    }
    StackOutputs.add(this, stage, restApi, webSocketApi, issuer, kafka, web, email);
    PlatformMonitoring.Builder monitoring =
        PlatformMonitoring.builder(this, "Monitoring")
            .stage(stage.name())
            .restApi(restApi.getApi());
    modules.forEach(
        (name, module) -> {
          Map<String, software.amazon.awscdk.services.lambda.IFunction> lambdas =
              new java.util.LinkedHashMap<>();
          module.lambdas().forEach(l -> lambdas.put(l.getNode().getId(), l.getFunction()));
          monitoring.function(name, lambdas);
        });
    // Last: every alarm of the stack (the dead-letter queues' too) notifies the alarm topic.
    monitoring.build().notifyAllAlarms(this);
    acceptCdkProvidedFunctions();
  }

  /**
   * The deploy-time singletons CDK adds at the stack's root (log retention, bucket deployment, AWS
   * SDK custom resources): their code, runtime, memory and policies are CDK's, run once per deploy.
   */
  private void acceptCdkProvidedFunctions() {
    String reason = "a CDK-provided deploy-time function (its code, runtime and policy are CDK's)";
    for (IConstruct child : getNode().getChildren()) {
      String id = child.getNode().getId();
      if (id.startsWith("LogRetention")
          || id.startsWith("Custom::CDKBucketDeployment")
          || id.startsWith("AWS679f53fac002430cb0da5b7982bd2287")) {
        for (String rule :
            List.of(
                "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
                "AwsSolutions-IAM5[Resource::*]",
                "AwsSolutions-L1",
                "Serverless-LambdaLatestVersion",
                "Serverless-LambdaDLQ",
                "Serverless-LambdaTracing",
                "Serverless-LambdaDefaultMemorySize")) {
          Findings.accept(child, rule, reason);
        }
        if (id.startsWith("Custom::CDKBucketDeployment") && web != null) {
          web.deploymentHandlerFindings().forEach(rule -> Findings.accept(child, rule, reason));
        }
      }
    }
  }

  /**
   * The function that sends email: the consumer of the queue SES's feedback topic fans out to (it
   * must know what bounced), if the wiring has that topic.
   */
  private static Optional<String> emailSender(DeploymentPlan plan) {
    return plan.topics().stream()
        .filter(t -> t.name().equals(Topics.EMAIL_FEEDBACK))
        .flatMap(t -> t.subscriptions().stream())
        .flatMap(s -> plan.queues().stream().filter(q -> q.name().equals(s.queue())))
        .flatMap(q -> q.consumer().stream())
        .map(c -> c.function())
        .findFirst();
  }

  /** SES (identity, configuration set, SMTP credentials); null where it is not deployed. */
  public EmailSending getEmail() {
    return email;
  }

  /** The dashboard's origin, then the configured ones; {@code *} (dev's default) gives way. */
  private List<String> withDashboard(StageSettings settings) {
    List<String> origins = new java.util.ArrayList<>(List.of(web.origin()));
    settings.allowedOrigins().stream().filter(o -> !o.equals("*")).forEach(origins::add);
    return origins;
  }

  /**
   * The dashboard's distribution; null when the web module is not built or the stage is emulated.
   */
  public WebDistribution getWeb() {
    return web;
  }

  /** The HTTP (or authorizer) Lambda of a deployed function module. */
  public MicronautFunction function(String name) {
    return module(name).http();
  }

  /** Every Lambda of a deployed function module: the HTTP one first, then the others. */
  public List<MicronautFunction> lambdasOf(String name) {
    return module(name).lambdas();
  }

  /** The Lambda of a deployed function module that runs {@code handler}. */
  public MicronautFunction lambdaOf(String name, String handler) {
    MicronautFunction lambda = module(name).lambdasByHandler().get(handler);
    if (lambda == null) {
      throw new IllegalArgumentException("function " + name + " has no Lambda for " + handler);
    }
    return lambda;
  }

  /** Handler class → Lambda of a deployed function module. */
  public Map<String, MicronautFunction> lambdasByHandler(String name) {
    return module(name).lambdasByHandler();
  }

  public ContractRestApi getRestApi() {
    return restApi;
  }

  public SigningKey getSigningKey() {
    return signingKey;
  }

  public NotificationsWebSocketApi getWebSocketApi() {
    return webSocketApi;
  }

  public StageSettings getStage() {
    return stage;
  }

  private FunctionModule module(String name) {
    FunctionModule module = modules.get(name);
    if (module == null) {
      throw new IllegalArgumentException("function " + name + " is not deployed");
    }
    return module;
  }
}
