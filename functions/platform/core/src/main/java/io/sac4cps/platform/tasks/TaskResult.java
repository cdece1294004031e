package io.sac4cps.platform.tasks;

import io.micronaut.core.annotation.Nullable;
import io.sac4cps.contracts.events.TaskProgressReported;
import io.sac4cps.platform.storage.StoredObject;

/**
 * What a task produced: a sentence for people and, usually, the output file in the {@code reports}
 * bucket that tasks hands out through a presigned URL.
 */
public record TaskResult(String summary, @Nullable TaskProgressReported.File file) {

  public static TaskResult of(String summary) {
    return new TaskResult(summary, null);
  }

  /** A result whose file is {@code stored} (from {@link TaskContext#upload} or a multipart). */
  public static TaskResult withFile(String summary, StoredObject stored) {
    String name = stored.key().name();
    return new TaskResult(
        summary,
        new TaskProgressReported.File(
            stored.key().s3Key(),
            name.substring(name.lastIndexOf('/') + 1),
            stored.contentType(),
            stored.size()));
  }
}
