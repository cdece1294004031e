package io.sac4cps.contracts.wiring;

import io.sac4cps.contracts.InvalidContractException;
import java.util.Optional;

/**
 * A Lambda function: the Maven module {@code functions/<name>} and its HTTP (or authorizer)
 * handler, its sizing, how far its JIT compiles, the part it plays for the platform ({@code
 * role:}), whether it owns a database schema ({@code schema:}) and the handler of the WebSocket
 * API's routes when it serves them ({@code websocket.handler}).
 */
public record FunctionDefinition(
    String name,
    String handler,
    int memoryMb,
    int timeoutSeconds,
    Jit jit,
    boolean planned,
    Role role,
    boolean ownsSchema,
    Optional<String> webSocketHandler,
    Optional<Integer> reservedConcurrency) {

  public FunctionDefinition {
    if (reservedConcurrency.filter(n -> n < 1).isPresent()) {
      throw new InvalidContractException(
          "function " + name + ": reservedConcurrency must be at least 1");
    }
  }

  /** What the platform asks of a function beyond its own routes ({@code role:} in wiring.yaml). */
  public enum Role {
    /** No {@code role:}: a function that serves its routes and consumes its events. */
    SERVICE,
    /**
     * {@code token-issuer}: signs the tokens everyone else verifies, so it gets the private key.
     */
    TOKEN_ISSUER,
    /**
     * {@code authorizer}: API Gateway's REQUEST authorizer (REST routes and WebSocket connects).
     */
    AUTHORIZER;

    static Role parse(String value, String location) {
      return switch (value) {
        case "token-issuer" -> TOKEN_ISSUER;
        case "authorizer" -> AUTHORIZER;
        default ->
            throw new InvalidContractException(
                location + ".role must be token-issuer or authorizer: " + value);
      };
    }
  }

  /** How far the JVM's just-in-time compiler goes ({@code jit:} in wiring.yaml). */
  public enum Jit {
    /** {@code c1}, the default: tiered compilation stops at C1, Lambda's cold-start setting. */
    C1("-XX:+TieredCompilation -XX:TieredStopAtLevel=1"),
    /**
     * {@code tiered}: C1, then C2 for hot code. Slower first requests, faster steady state: for
     * functions whose requests are CPU-bound, such as sensors' 1000-reading batches.
     */
    TIERED("-XX:+TieredCompilation");

    private final String jvmOptions;

    Jit(String jvmOptions) {
      this.jvmOptions = jvmOptions;
    }

    /** The JVM options that select it, as CDK puts them in {@code JAVA_TOOL_OPTIONS}. */
    public String jvmOptions() {
      return jvmOptions;
    }

    static Jit parse(String value, String location) {
      return switch (value) {
        case "c1" -> C1;
        case "tiered" -> TIERED;
        default ->
            throw new InvalidContractException(location + ".jit must be c1 or tiered: " + value);
      };
    }
  }
}
