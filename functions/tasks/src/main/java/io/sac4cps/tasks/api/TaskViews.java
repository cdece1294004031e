package io.sac4cps.tasks.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.platform.storage.PresignedUrl;
import io.sac4cps.tasks.domain.Task;
import io.sac4cps.tasks.domain.TaskProblem;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Response bodies of the tasks API (contracts/openapi.yaml, tag tasks). */
public final class TaskViews {
  private TaskViews() {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ProgressView(long done, @Nullable Long total, @Nullable String message) {}

  @Serdeable
  public record DownloadView(String url, Instant expiresAt) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ResultView(String summary, @Nullable DownloadView download) {}

  /** RFC 9457 problem of a failed or timed-out task; absent members are left out. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ProblemView(
      @Nullable String type, String title, @Nullable Integer status, @Nullable String detail) {
    static ProblemView of(TaskProblem problem) {
      return new ProblemView(problem.type(), problem.title(), problem.status(), problem.detail());
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record TaskView(
      String id,
      String kind,
      Map<String, Object> params,
      String status,
      ProgressView progress,
      int attempts,
      String createdBy,
      Instant createdAt,
      @Nullable Instant startedAt,
      @Nullable Instant finishedAt,
      @Nullable ResultView result,
      @Nullable ProblemView error) {

    /**
     * @param download the result file's presigned URL, when there is a file still kept
     */
    static TaskView of(Task task, Optional<PresignedUrl> download) {
      return new TaskView(
          task.id(),
          task.kind(),
          task.params(),
          task.status().wireName(),
          new ProgressView(
              task.progress().done(), task.progress().total(), task.progress().message()),
          task.attempts(),
          task.createdBy(),
          task.createdAt(),
          task.startedAt(),
          task.finishedAt(),
          task.result() == null
              ? null
              : new ResultView(
                  task.result().summary(),
                  download
                      .map(url -> new DownloadView(url.url().toString(), url.expiresAt()))
                      .orElse(null)),
          task.error() == null ? null : ProblemView.of(task.error()));
    }
  }
}
