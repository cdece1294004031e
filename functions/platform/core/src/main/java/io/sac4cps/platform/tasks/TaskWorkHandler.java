package io.sac4cps.platform.tasks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.sac4cps.platform.telemetry.Tracing;

/**
 * The Lambda behind a function's task work queue ({@code <function>-task-work} in
 * contracts/wiring.yaml, batch size 1, maximum concurrency at least 2 so a cancel reaches a running
 * task): hands each batch and the invocation's {@link Context} to {@link TaskWork}. Every function
 * that runs tasks uses this class as is; it only registers its {@link TaskRunner}s.
 *
 * <p>Not a {@code MicronautRequestHandler}: that one keeps the Lambda context as a singleton bean,
 * and the time left of each invocation is what decides when a run continues elsewhere, so it is
 * passed along instead (two invocations may share a handler in the local stack).
 */
public class TaskWorkHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, AutoCloseable {
  private final ApplicationContext context;
  private final TaskWork work;
  private final Tracing tracing;

  /** Lambda's: a context of the function's configuration. */
  public TaskWorkHandler() {
    this(new LambdaApplicationContextBuilder().start());
  }

  /** For tests and the local stack: a handler on an existing context. */
  public TaskWorkHandler(ApplicationContext context) {
    this.context = context;
    this.work = context.getBean(TaskWork.class);
    this.tracing = context.getBean(Tracing.class);
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context lambda) {
    try {
      return work.consume(event, lambda);
    } finally {
      // A run's spans (its outbox publishes) leave before Lambda freezes the process (0048).
      tracing.invocationEnded();
    }
  }

  @Override
  public void close() {
    context.close();
  }
}
