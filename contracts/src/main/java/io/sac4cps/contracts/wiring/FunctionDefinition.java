package io.sac4cps.contracts.wiring;

/**
 * A Lambda function: the Maven module {@code functions/<name>} and its HTTP (or authorizer)
 * handler.
 */
public record FunctionDefinition(
    String name, String handler, int memoryMb, int timeoutSeconds, boolean planned) {}
