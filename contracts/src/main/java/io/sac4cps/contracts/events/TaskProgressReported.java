package io.sac4cps.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * Data of {@value #TYPE}: what the owner of a task's kind reports while running it, on Kafka {@link
 * Topics#TASK_REPORTS} keyed by task id. tasks applies it to the task, dropping a report whose
 * {@code sequence} is not above the last one applied, and publishes {@link TaskStatusChanged}.
 *
 * @param state {@value #RUNNING}, {@value #RETRYING} (the attempt failed, another is scheduled;
 *     {@code error} says why), or a final {@value #SUCCEEDED} (with {@code result}), {@value
 *     #FAILED} (with {@code error}), {@value #CANCELLED}
 * @param sequence per task, grows by one with every report of the owner, across invocations
 * @param submitted on the first report only: what tasks needs to create a task the owner queued
 *     itself (decision 0042)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskProgressReported(
    String taskId,
    String kind,
    String state,
    int attempt,
    long sequence,
    Instant at,
    @Nullable Progress progress,
    @Nullable Result result,
    @Nullable Problem error,
    @Nullable Submitted submitted) {

  public static final String TYPE = "task.progress-reported.v1";

  public static final String RUNNING = "running";
  public static final String RETRYING = "retrying";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String CANCELLED = "cancelled";

  /**
   * How far a task is.
   *
   * @param total absent while unknown
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Progress(long done, @Nullable Long total, @Nullable String message) {}

  /** What a task produced: a sentence, and the output file when there is one. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Result(String summary, @Nullable File file) {}

  /**
   * An output file in the {@code reports} bucket, handed out by tasks through a presigned URL.
   *
   * @param key the key in the bucket, {@code tenants/<tenant id>/tasks/<task id>/<name>} (platform
   *     {@code ObjectKey.of(tenant, "tasks/<task id>/<name>").s3Key()})
   */
  @Serdeable
  public record File(String key, String name, String contentType, long sizeBytes) {}

  /** The task as its work message asked for it. */
  @Serdeable
  public record Submitted(java.util.Map<String, Object> params, String createdBy) {}

  /** RFC 9457 problem details of a failed attempt or task. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Problem(
      @Nullable String type, String title, @Nullable Integer status, @Nullable String detail) {}
}
