package io.sac4cps.infra.constructs;

import io.sac4cps.contracts.wiring.FunctionDefinition.Jit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsLayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * A Micronaut function deployed from its shaded jar: Java 25 on arm64, SnapStart on published
 * versions, an alias {@value #ALIAS} that every caller (API Gateway, event sources) invokes, JSON
 * logs into a log group with a retention.
 *
 * <p>Callers grant permissions to {@link #getAlias()} (its principal is the function's own role)
 * and add environment variables from construct references with {@link #addEnvironment}.
 */
public final class MicronautFunction extends Construct {

  /** The alias API Gateway and event sources invoke; it always points at the newest version. */
  public static final String ALIAS = "live";

  /**
   * Where the ADOT collector extension receives spans (OTLP/HTTP, localhost only); the platform's
   * {@code telemetry.otlp.endpoint} (decision 0048).
   */
  public static final String COLLECTOR_ENDPOINT = "http://localhost:4318/v1/traces";

  /**
   * The collector's configuration, at the root of every function jar (platform-core's resource
   * {@code otel-collector.yaml}), which Lambda unpacks into {@code /var/task}.
   */
  public static final String COLLECTOR_CONFIG_ENTRY = "otel-collector.yaml";

  /** Where Lambda puts {@link #COLLECTOR_CONFIG_ENTRY}. */
  public static final String COLLECTOR_CONFIG = "/var/task/" + COLLECTOR_CONFIG_ENTRY;

  private final Function function;
  private final Alias alias;
  private final LogGroup logGroup;

  private MicronautFunction(Construct scope, String id, Props props) {
    super(scope, id);
    this.logGroup =
        LogGroup.Builder.create(this, "Logs")
            .retention(props.logRetention)
            .removalPolicy(props.logRemovalPolicy)
            .build();

    Map<String, String> environment = new LinkedHashMap<>();
    // Lambda's JSON log format carries level, timestamp and request id; the service name lets
    // Powertools-style queries group by function.
    environment.put("POWERTOOLS_SERVICE_NAME", props.serviceName);
    // Tiered compilation stopping at C1 is the documented cold-start setting for Java on Lambda;
    // functions whose requests are CPU-bound let hot code reach C2 (docs/decisions/0009).
    environment.put("JAVA_TOOL_OPTIONS", props.jit.jvmOptions());
    if (props.traceCollector != null) {
      environment.put("TELEMETRY_OTLP_ENDPOINT", COLLECTOR_ENDPOINT);
      environment.put("OPENTELEMETRY_COLLECTOR_CONFIG_URI", COLLECTOR_CONFIG);
    }
    environment.putAll(props.environment);

    Function.Builder builder =
        Function.Builder.create(this, "Function")
            .description(props.description)
            // java25: the JDK every figure of this project was measured on (decision 0046).
            .runtime(Runtime.JAVA_25)
            .architecture(Architecture.ARM_64)
            .code(Code.fromAsset(props.jar.toString()))
            .handler(props.handler)
            .memorySize(props.memoryMb)
            .timeout(Duration.seconds(props.timeoutSeconds))
            .loggingFormat(LoggingFormat.JSON)
            .applicationLogLevelV2(ApplicationLogLevel.INFO)
            .systemLogLevelV2(SystemLogLevel.WARN)
            .logGroup(logGroup)
            .environment(environment);
    if (props.paramsAndSecrets != null) {
      builder.paramsAndSecrets(props.paramsAndSecrets);
    }
    if (props.reservedConcurrency != null) {
      builder.reservedConcurrentExecutions(props.reservedConcurrency);
    }
    if (props.snapStart) {
      builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
    }
    if (props.vpc != null) {
      builder
          .vpc(props.vpc)
          .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
          .securityGroups(props.securityGroups);
    }
    this.function = builder.build();
    if (props.traceCollector != null) {
      // After the secrets extension's layer, which the builder adds first.
      function.addLayers(props.traceCollector);
      // What the collector's awsxray exporter calls; X-Ray has no resource-level permissions.
      function.addToRolePolicy(
          PolicyStatement.Builder.create()
              .actions(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"))
              .resources(List.of("*"))
              .build());
      Findings.accept(
          this,
          "AwsSolutions-IAM5[Resource::*]",
          "xray:PutTraceSegments and xray:PutTelemetryRecords, which the ADOT collector extension"
              + " exports spans with, support no resource-level permissions (decision 0048)");
    }
    if (props.snapStart) {
      // The alias below publishes a version on every code or configuration change.
      Annotations.of(function)
          .acknowledgeWarning(
              "@aws-cdk/aws-lambda:snapStartRequirePublish", "the live alias publishes versions");
    }
    Findings.accept(
        this,
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
        Findings.MANAGED_LOGS_POLICY);
    Findings.accept(
        this,
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]",
        Findings.MANAGED_VPC_POLICY);
    Findings.accept(this, "Serverless-LambdaDLQ", Findings.NO_ASYNC_INVOCATION);
    Findings.accept(this, "Serverless-LambdaTracing", Findings.TRACING);
    this.alias =
        Alias.Builder.create(this, "Alias")
            .aliasName(ALIAS)
            .version(function.getCurrentVersion())
            .build();
  }

  public static Builder builder(Construct scope, String id) {
    return new Builder(scope, id);
  }

  /** The alias every caller invokes: grant to it, integrate with it. */
  public Alias getAlias() {
    return alias;
  }

  /** The unversioned function, for the few places that need it (triggers, environment). */
  public Function getFunction() {
    return function;
  }

  public IRole getRole() {
    return Objects.requireNonNull(function.getRole());
  }

  public LogGroup getLogGroup() {
    return logGroup;
  }

  /** Adds an environment variable; the published version is computed after all are added. */
  public MicronautFunction addEnvironment(String key, String value) {
    function.addEnvironment(key, value);
    return this;
  }

  private record Props(
      String serviceName,
      String description,
      Path jar,
      String handler,
      int memoryMb,
      int timeoutSeconds,
      Map<String, String> environment,
      IVpc vpc,
      List<ISecurityGroup> securityGroups,
      RetentionDays logRetention,
      RemovalPolicy logRemovalPolicy,
      boolean snapStart,
      Jit jit,
      ParamsAndSecretsLayerVersion paramsAndSecrets,
      ILayerVersion traceCollector,
      Integer reservedConcurrency) {}

  /** Props builder; {@link #build()} validates them before anything is created. */
  public static final class Builder {
    private final Construct scope;
    private final String id;
    private String serviceName;
    private String description;
    private Path jar;
    private String handler;
    private int memoryMb = 1024;
    private int timeoutSeconds = 30;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private IVpc vpc;
    private final List<ISecurityGroup> securityGroups = new ArrayList<>();
    private RetentionDays logRetention = RetentionDays.ONE_MONTH;
    private RemovalPolicy logRemovalPolicy = RemovalPolicy.DESTROY;
    private boolean snapStart = true;
    private Jit jit = Jit.C1;
    private ParamsAndSecretsLayerVersion paramsAndSecrets;
    private ILayerVersion traceCollector;
    private Integer reservedConcurrency;

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    /** The function's name in logs and metrics (the module name, e.g. {@code sensors}). */
    public Builder serviceName(String serviceName) {
      this.serviceName = serviceName;
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** The shaded jar, {@code functions/<name>/target/<name>-lambda.jar}. */
    public Builder jar(Path jar) {
      this.jar = jar;
      return this;
    }

    public Builder handler(String handler) {
      this.handler = handler;
      return this;
    }

    public Builder memoryMb(int memoryMb) {
      this.memoryMb = memoryMb;
      return this;
    }

    public Builder timeoutSeconds(int timeoutSeconds) {
      this.timeoutSeconds = timeoutSeconds;
      return this;
    }

    public Builder environment(String key, String value) {
      this.environment.put(key, value);
      return this;
    }

    /** Places the function in the VPC's private subnets with the given security group. */
    public Builder vpc(IVpc vpc, ISecurityGroup securityGroup) {
      this.vpc = vpc;
      this.securityGroups.add(securityGroup);
      return this;
    }

    public Builder logRetention(RetentionDays logRetention) {
      this.logRetention = logRetention;
      return this;
    }

    public Builder logRemovalPolicy(RemovalPolicy logRemovalPolicy) {
      this.logRemovalPolicy = logRemovalPolicy;
      return this;
    }

    /**
     * SnapStart is on by default; one-off steps (migrations) turn it off, since a snapshot would
     * run their initialisation, database connection included, at publish time.
     */
    public Builder snapStart(boolean snapStart) {
      this.snapStart = snapStart;
      return this;
    }

    /**
     * How far the JIT compiles ({@link Jit#C1} by default: starts fastest); {@link Jit#TIERED}
     * where a request is CPU-bound, as sensors' 1000-reading batches are.
     */
    public Builder jit(Jit jit) {
      this.jit = Objects.requireNonNull(jit, "jit");
      return this;
    }

    /** Environments reserved for it and the most it may run (wiring.yaml's reservedConcurrency). */
    public Builder reservedConcurrency(Integer reservedConcurrency) {
      this.reservedConcurrency = reservedConcurrency;
      return this;
    }

    /**
     * Adds the AWS Parameters and Secrets Lambda Extension (a layer serving Secrets Manager on
     * localhost), for functions that read a secret at startup without an AWS SDK.
     */
    public Builder paramsAndSecrets(ParamsAndSecretsLayerVersion paramsAndSecrets) {
      this.paramsAndSecrets = paramsAndSecrets;
      return this;
    }

    /**
     * Adds the ADOT collector extension (a layer receiving OTLP on localhost and exporting to
     * X-Ray), points the function's span export at it, ships it the platform's collector
     * configuration and lets the role write to X-Ray (decision 0048).
     */
    public Builder traceCollector(ILayerVersion traceCollector) {
      this.traceCollector = traceCollector;
      return this;
    }

    public MicronautFunction build() {
      requireText(serviceName, "serviceName");
      requireText(handler, "handler");
      if (jar == null) {
        throw new IllegalArgumentException("jar is required for function " + serviceName);
      }
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException(
            "Function "
                + serviceName
                + ": shaded jar "
                + jar
                + " does not exist; build it first (./mvnw package -pl functions/"
                + serviceName
                + " -am)");
      }
      // Lambda's limits: 128 MB to 10 GB of memory, at most 15 minutes.
      if (memoryMb < 128 || memoryMb > 10_240) {
        throw new IllegalArgumentException(
            "Function " + serviceName + ": memoryMb must be 128..10240, was " + memoryMb);
      }
      if (timeoutSeconds < 1 || timeoutSeconds > 900) {
        throw new IllegalArgumentException(
            "Function " + serviceName + ": timeoutSeconds must be 1..900, was " + timeoutSeconds);
      }
      return new MicronautFunction(
          scope,
          id,
          new Props(
              serviceName,
              description == null ? serviceName : description,
              jar.toAbsolutePath(),
              handler,
              memoryMb,
              timeoutSeconds,
              Map.copyOf(environment),
              vpc,
              List.copyOf(securityGroups),
              logRetention,
              logRemovalPolicy,
              snapStart,
              jit,
              paramsAndSecrets,
              traceCollector,
              reservedConcurrency));
    }

    private static void requireText(String value, String name) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " is required");
      }
    }
  }
}
