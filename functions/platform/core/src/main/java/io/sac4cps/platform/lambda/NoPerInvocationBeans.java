package io.sac4cps.platform.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.function.aws.DefaultLambdaContextFactory;
import io.micronaut.function.aws.LambdaContextFactory;
import jakarta.inject.Singleton;

/**
 * Replaces micronaut-function-aws's default, which registers the invocation's Lambda {@link
 * Context} (and its logger, client context and identity) as singletons on every invocation. Each
 * registration searches every bean definition of the context: about a tenth of the handler's CPU in
 * a 1000-reading sensors request (JFR), 2–8 % more readings/s without it (decision 0009). No
 * sac4cps bean injects them: request ids come from the API Gateway event ({@code
 * RequestContextFilter}), AWS's request id reaches the logs through micronaut-function-aws's MDC
 * populator, which this does not touch, and consumers take the {@code Context} as their handler
 * argument.
 */
@Singleton
@Replaces(DefaultLambdaContextFactory.class)
public class NoPerInvocationBeans implements LambdaContextFactory {
  @Override
  public void registerSingletons(Context context) {
    // Deliberately nothing: see the class comment.
  }
}
