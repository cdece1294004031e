package io.sac4cps.infra.constructs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The platform's dashboard and the alarms that page someone, all notifying one SNS topic ({@code
 * sac4cps-<stage>-alarms}; subscribe an email or a pager to it). Alarms: the REST API's 5xx rate,
 * the oldest unsent event of any function's outbox (the {@code OutboxLag} EMF metric) and Lambda
 * throttles; the dead-letter and queue-age alarms of {@link DeadLetteredQueue} get the topic too
 * ({@link #notifyAllAlarms}). The dashboard reads the EMF metrics the functions write to stdout
 * (namespace {@value #NAMESPACE}) with SEARCH, so a new route or consumer appears without a deploy.
 */
public final class PlatformMonitoring extends Construct {
  public static final String NAMESPACE = "sac4cps";

  /** Above this share of 5xx answers over 5 minutes, twice in a row, someone is paged. */
  public static final double SERVER_ERROR_PERCENT = 5;

  /** An event unsent for 5 minutes means the broker has refused it for as long. */
  public static final Duration OUTBOX_LAG = Duration.minutes(5);

  private final Topic topic;
  private final List<Alarm> alarms = new ArrayList<>();
  private final Dashboard dashboard;

  private PlatformMonitoring(Construct scope, String id, Builder props) {
    super(scope, id);
    // A key of our own: CloudWatch cannot publish to a topic under the AWS-managed aws/sns key,
    // whose policy cannot be extended to the cloudwatch.amazonaws.com principal.
    Key key =
        Key.Builder.create(this, "AlarmTopicKey")
            .description("sac4cps " + props.stage + ": alarm topic")
            .enableKeyRotation(true)
            .build();
    key.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
            .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
            .resources(List.of("*"))
            .build());
    this.topic =
        Topic.Builder.create(this, "AlarmTopic")
            .topicName("sac4cps-" + props.stage + "-alarms")
            .masterKey(key)
            .enforceSsl(true)
            .build();

    MathExpression serverErrorRate =
        MathExpression.Builder.create()
            .label("5xx %")
            .expression("IF(requests > 0, 100 * errors / requests, 0)")
            .usingMetrics(
                Map.of(
                    "errors", apiMetric(props.api, "5XXError", props.stage),
                    "requests", apiMetric(props.api, "Count", props.stage)))
            .period(Duration.minutes(5))
            .build();
    alarms.add(
        serverErrorRate.createAlarm(
            this,
            "ApiServerErrorRate",
            software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions.builder()
                .alarmDescription(
                    "REST API: more than " + SERVER_ERROR_PERCENT + "% of requests answered 5xx")
                .threshold(SERVER_ERROR_PERCENT)
                .evaluationPeriods(2)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build()));

    // One alarm each over all functions: the stack must stay under CloudFormation's 500 resources.
    List<IMetric> outboxLags = new ArrayList<>();
    Map<String, IMetric> lagsById = new LinkedHashMap<>();
    props
        .functions
        .keySet()
        .forEach(
            service -> {
              Metric lag =
                  Metric.Builder.create()
                      .namespace(NAMESPACE)
                      .metricName("OutboxLag")
                      .dimensionsMap(Map.of("Service", service))
                      .statistic("Maximum")
                      .period(Duration.minutes(5))
                      .label(service)
                      .build();
              outboxLags.add(lag);
              lagsById.put("lag" + lagsById.size(), lag);
            });
    if (!lagsById.isEmpty()) {
      alarms.add(
          MathExpression.Builder.create()
              .label("oldest unsent event (s)")
              .expression("MAX([" + String.join(",", lagsById.keySet()) + "])")
              .usingMetrics(lagsById)
              .period(Duration.minutes(5))
              .build()
              .createAlarm(
                  this,
                  "OutboxLag",
                  software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions.builder()
                      .alarmDescription(
                          "an event waits in a function's outbox for more than "
                              + OUTBOX_LAG.toMinutes()
                              + " minutes (broker refusing?)")
                      .threshold(OUTBOX_LAG.toSeconds())
                      .evaluationPeriods(1)
                      .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                      // Only functions with an outbox emit it, and only while they relay.
                      .treatMissingData(TreatMissingData.NOT_BREACHING)
                      .build()));
    }
    alarms.add(
        Metric.Builder.create()
            .namespace("AWS/Lambda")
            .metricName("Throttles")
            .statistic("Sum")
            .period(Duration.minutes(5))
            .build()
            .createAlarm(
                this,
                "LambdaThrottles",
                software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions.builder()
                    .alarmDescription("Lambda invocations throttled (any function of the account)")
                    .threshold(0)
                    .evaluationPeriods(1)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build()));

    this.dashboard =
        Dashboard.Builder.create(this, "Dashboard").dashboardName("sac4cps-" + props.stage).build();
    dashboard.addWidgets(
        graph(
            "Requests by route", search("{sac4cps,Service,Route} MetricName=\"Requests\"", "Sum")),
        graph("5xx by route", search("{sac4cps,Service,Route} MetricName=\"Errors\"", "Sum")),
        graph(
            "Latency p99 by route (ms)",
            search("{sac4cps,Service,Route} MetricName=\"Latency\"", "p99")));
    dashboard.addWidgets(
        graph("REST API 5xx %", serverErrorRate),
        graph(
            "Readings",
            search(
                "{sac4cps,Service} MetricName=\"ReadingsAccepted\" OR"
                    + " MetricName=\"ReadingsDuplicate\" OR MetricName=\"ReadingsRejected\"",
                "Sum")),
        graph("Outbox lag (s)", outboxLags.toArray(IMetric[]::new)));
    dashboard.addWidgets(
        graph(
            "Published / relay failures",
            search(
                "{sac4cps,Service,Destination} MetricName=\"Published\" OR"
                    + " MetricName=\"RelayFailures\"",
                "Sum")),
        graph(
            "Consumed events by consumer",
            search(
                "{sac4cps,Service,Consumer} MetricName=\"EventsApplied\" OR"
                    + " MetricName=\"EventsDuplicate\"",
                "Sum")),
        graph(
            "Dead letters by consumer",
            search("{sac4cps,Service,Consumer} MetricName=\"DeadLetters\"", "Sum")));
    dashboard.addWidgets(
        graph(
            "Task invocation duration p90 by kind (ms)",
            search("{sac4cps,Service,TaskKind} MetricName=\"TaskInvocationDuration\"", "p90")),
        graph("Lambda errors", search("{AWS/Lambda,FunctionName} MetricName=\"Errors\"", "Sum")),
        graph(
            "Lambda throttles",
            search("{AWS/Lambda,FunctionName} MetricName=\"Throttles\"", "Sum")));
  }

  /**
   * Sends every alarm in {@code scope} (these and those of other constructs, e.g. the dead-letter
   * queues') to the alarm topic, and shows them on the dashboard. Call once the stack is complete.
   */
  public void notifyAllAlarms(IConstruct scope) {
    SnsAction action = new SnsAction(topic);
    List<IAlarm> all = new ArrayList<>();
    for (IConstruct construct : scope.getNode().findAll()) {
      if (construct instanceof Alarm alarm) {
        alarm.addAlarmAction(action);
        all.add(alarm);
      }
    }
    // A dashboard widget shows at most 100 alarms.
    for (int from = 0; from < all.size(); from += 100) {
      dashboard.addWidgets(
          AlarmStatusWidget.Builder.create()
              .title("Alarms")
              .width(24)
              .alarms(all.subList(from, Math.min(all.size(), from + 100)))
              .build());
    }
  }

  public Topic getTopic() {
    return topic;
  }

  public List<Alarm> getAlarms() {
    return List.copyOf(alarms);
  }

  public Dashboard getDashboard() {
    return dashboard;
  }

  private static Metric apiMetric(RestApi api, String name, String stage) {
    return Metric.Builder.create()
        .namespace("AWS/ApiGateway")
        .metricName(name)
        .dimensionsMap(Map.of("ApiName", api.getRestApiName(), "Stage", stage))
        .statistic("Sum")
        .period(Duration.minutes(5))
        .build();
  }

  private static MathExpression search(String query, String statistic) {
    return MathExpression.Builder.create()
        .expression("SEARCH('" + query + "', '" + statistic + "', 300)")
        .usingMetrics(Map.of())
        .period(Duration.minutes(5))
        .build();
  }

  private static GraphWidget graph(String title, IMetric... metrics) {
    return GraphWidget.Builder.create().title(title).width(8).left(List.of(metrics)).build();
  }

  public static Builder builder(Construct scope, String id) {
    return new Builder(scope, id);
  }

  public static final class Builder {
    private final Construct scope;
    private final String id;
    private String stage;
    private RestApi api;
    private final Map<String, Map<String, IFunction>> functions = new LinkedHashMap<>();

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    public Builder stage(String stage) {
      this.stage = stage;
      return this;
    }

    public Builder restApi(RestApi api) {
      this.api = api;
      return this;
    }

    /** A function module: its EMF {@code Service} name and its Lambdas by a short name. */
    public Builder function(String service, Map<String, ? extends IFunction> lambdas) {
      functions.put(service, new LinkedHashMap<>(lambdas));
      return this;
    }

    public PlatformMonitoring build() {
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(api, "restApi");
      return new PlatformMonitoring(scope, id, this);
    }
  }
}
