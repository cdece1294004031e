package io.sac4cps.localstack.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a function needs to run locally, as a Lambda function's configuration says it.
 *
 * @param name the function module's name ({@code rooms})
 * @param classpath its shaded jar (or, in tests, a class path)
 * @param environment its environment variables, the only configuration it sees
 * @param memoryMb reported to the handler through the Lambda context
 * @param timeoutSeconds after which an invocation is abandoned
 */
public record FunctionSpec(
    String name,
    List<Path> classpath,
    Map<String, String> environment,
    int memoryMb,
    int timeoutSeconds) {

  public FunctionSpec {
    classpath = List.copyOf(classpath);
    environment = Map.copyOf(environment);
  }
}
