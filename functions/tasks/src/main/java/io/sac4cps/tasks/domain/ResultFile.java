package io.sac4cps.tasks.domain;

/**
 * A task's output file in the {@code reports} bucket, as its owner reported it.
 *
 * @param name the object name within the task's tenant, {@code tasks/<task id>/<file name>}
 * @param fileName the file's own name, for people
 */
public record ResultFile(String name, String fileName, String contentType, long sizeBytes) {}
