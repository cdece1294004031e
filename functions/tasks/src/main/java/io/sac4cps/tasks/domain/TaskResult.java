package io.sac4cps.tasks.domain;

/**
 * What a succeeded task produced.
 *
 * @param file null when it produced no file
 */
public record TaskResult(String summary, ResultFile file) {}
