package io.sac4cps.testkit.tasks;

import io.sac4cps.embedded.QueueSettings;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.platform.tasks.TaskWorkHandler;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.lambda.ApiFunction;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A function as a task IT runs it: its work queue in ElasticMQ ({@code <function>-task-work},
 * visible again after 30 s, 5 receives), the function started with that queue as its task kind's,
 * the platform's {@link TaskWorkHandler} fed from the queue by a {@link WorkQueueSource} of two
 * pollers, and the task reports read from Kafka.
 */
public final class TaskWorkFixture implements AutoCloseable {
  private final Infrastructure infrastructure;
  private final SqsQueue queue;
  private final ApiFunction function;
  private final WorkQueueSource source;
  private final TaskReportsReader reports;

  private TaskWorkFixture(
      Infrastructure infrastructure,
      String function,
      String kind,
      UnaryOperator<ApiFunction.Builder> settings) {
    this.infrastructure = infrastructure;
    this.queue =
        infrastructure.queue(function + "-task-work", new QueueSettings(Duration.ofSeconds(30), 5));
    this.function =
        settings
            .apply(
                ApiFunction.builder(function)
                    .properties(infrastructure.properties())
                    .property("sac4cps.tasks.kinds." + kind + ".queue", queue.name()))
            .start();
    this.source =
        new WorkQueueSource(
                infrastructure.sqsClient(), queue, new TaskWorkHandler(this.function.context()), 2)
            .start();
    this.reports = new TaskReportsReader(infrastructure.kafkaBootstrapServers());
  }

  /**
   * @param function the function's name in contracts/wiring.yaml
   * @param kind the task kind whose queue the function is given
   * @param settings the function's other properties
   */
  public static TaskWorkFixture start(
      Infrastructure infrastructure,
      String function,
      String kind,
      UnaryOperator<ApiFunction.Builder> settings) {
    return new TaskWorkFixture(infrastructure, function, kind, settings);
  }

  public ApiFunction function() {
    return function;
  }

  /** The event source: its deliveries, and the Lambda timeout of the invocations to come. */
  public WorkQueueSource source() {
    return source;
  }

  public TaskReportsReader reports() {
    return reports;
  }

  /** Puts a work message on the queue, as the task API or a worker handing over does. */
  public void send(String body) {
    infrastructure.sqsClient().sendMessage(b -> b.queueUrl(queue.url()).messageBody(body));
  }

  @Override
  public void close() {
    source.close();
    reports.close();
    function.close();
  }
}
