package io.sac4cps.platform.tasks;

import io.micronaut.core.annotation.Nullable;
import io.sac4cps.platform.storage.ObjectKey;
import io.sac4cps.platform.storage.ObjectStorage;
import io.sac4cps.platform.storage.StoredObject;
import java.util.Map;
import java.util.Optional;

/** One run of a task, as its {@link TaskRunner} sees it. */
public interface TaskContext {

  String tenantId();

  String taskId();

  String kind();

  /** The kind's parameters as the client gave them (tasks validated them). */
  Map<String, Object> params();

  /** Who created the task (user or client id). */
  String createdBy();

  /** 1 for the first run; a retry after a failure increments it, a continuation keeps it. */
  int attempt();

  /**
   * The state the last {@link #checkpoint(Object)} saved, read as {@code type} (a {@code Serdeable}
   * record); empty on a first run.
   */
  <T> Optional<T> checkpoint(Class<T> type);

  /**
   * How far the task is; reported to tasks at most every {@code sac4cps.tasks.progress-interval}
   * (and with every checkpoint that is due), so calling it for every row is cheap.
   *
   * @param total null while unknown
   */
  void progress(long done, @Nullable Long total, @Nullable String message);

  /**
   * Saves {@code state} (serialized as JSON) as the point a later run resumes from, and stops the
   * run by throwing {@link TaskStopped} when it must not go on: the task was cancelled, or the
   * invocation has less time left than {@code sac4cps.tasks.time-budget} (a continuation from this
   * checkpoint is then queued in the same transaction).
   */
  void checkpoint(Object state);

  /** Whether a cancel arrived (read from the run record, at most every second). */
  boolean isCancelled();

  /** The key of the output file {@code name}: {@code tenants/<tenant>/tasks/<task id>/<name>}. */
  ObjectKey outputKey(String name);

  /** The {@code reports} bucket the output goes to (the function must be among its users). */
  ObjectStorage reports();

  /** Stores a small output file at once; stream large ones with {@link #reports()}' multipart. */
  default StoredObject upload(String name, byte[] content, String contentType) {
    return reports().put(outputKey(name), content, contentType);
  }
}
