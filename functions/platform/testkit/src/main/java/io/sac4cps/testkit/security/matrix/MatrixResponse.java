package io.sac4cps.testkit.security.matrix;

/** What the function answered: the status decides, the body explains a failure. */
public record MatrixResponse(int status, String body) {}
