package io.sac4cps.tasks.events;

import io.micronaut.json.JsonMapper;
import io.sac4cps.contracts.events.TaskProgressReported;
import io.sac4cps.platform.consumer.InboundEvent;
import io.sac4cps.platform.consumer.PoisonRecordException;
import io.sac4cps.tasks.domain.OwnerReport;
import io.sac4cps.tasks.domain.Progress;
import io.sac4cps.tasks.domain.ResultFile;
import io.sac4cps.tasks.domain.TaskProblem;
import io.sac4cps.tasks.domain.TaskResult;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Locale;

/**
 * task.progress-reported.v1 into an {@link OwnerReport}; anything else, or data the schema forbids,
 * is poison. A result file must lie under its own task in its own tenant ({@code <tenant
 * id>/tasks/<task id>/...}): tasks hands out presigned URLs only for such keys.
 */
@Singleton
public class TaskReportDecoder {
  private final JsonMapper json;

  public TaskReportDecoder(JsonMapper json) {
    this.json = json;
  }

  public OwnerReport decode(InboundEvent event) {
    if (!TaskProgressReported.TYPE.equals(event.type())) {
      throw PoisonRecordException.unknownType(event.type());
    }
    TaskProgressReported data;
    try {
      data = json.readValueFromTree(event.data(), TaskProgressReported.class);
    } catch (IOException | RuntimeException e) {
      throw PoisonRecordException.schemaInvalid("data is not a task.progress-reported.v1");
    }
    if (data == null
        || blank(data.taskId())
        || blank(data.kind())
        || data.at() == null
        || data.attempt() < 1
        || data.sequence() < 1) {
      throw PoisonRecordException.schemaInvalid(
          "taskId, kind, state, attempt >= 1, sequence >= 1 and at are required");
    }
    OwnerReport.State state = state(data.state());
    if (state == OwnerReport.State.SUCCEEDED && data.result() == null) {
      throw PoisonRecordException.schemaInvalid("a succeeded report carries its result");
    }
    if (state == OwnerReport.State.FAILED && data.error() == null) {
      throw PoisonRecordException.schemaInvalid("a failed report carries its error");
    }
    return new OwnerReport(
        event.tenantId(),
        data.taskId(),
        data.kind(),
        state,
        data.attempt(),
        data.sequence(),
        data.at(),
        data.progress() == null
            ? null
            : new Progress(
                data.progress().done(), data.progress().total(), data.progress().message()),
        data.result() == null
            ? null
            : new TaskResult(
                data.result().summary(), file(event.tenantId(), data.taskId(), data.result())),
        data.error() == null ? null : TaskReportDecoder.problem(data.error()),
        data.submitted() == null
                || data.submitted().params() == null
                || blank(data.submitted().createdBy())
            ? null
            : new OwnerReport.Submitted(data.submitted().params(), data.submitted().createdBy()));
  }

  private static OwnerReport.State state(String state) {
    try {
      return OwnerReport.State.valueOf(state.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw PoisonRecordException.schemaInvalid("unknown state " + state);
    }
  }

  /**
   * The file's object name within the tenant; the key may be given as the schema says ({@code
   * <tenant>/tasks/<task>/<name>}) or as the bucket's key ({@code tenants/<tenant>/...}).
   */
  private static ResultFile file(String tenantId, String taskId, TaskProgressReported.Result r) {
    TaskProgressReported.File file = r.file();
    if (file == null) {
      return null;
    }
    String key = file.key().startsWith("tenants/") ? file.key().substring(8) : file.key();
    String prefix = tenantId + "/tasks/" + taskId + "/";
    if (!key.startsWith(prefix) || key.length() == prefix.length()) {
      throw PoisonRecordException.schemaInvalid(
          "result file key " + file.key() + " is not under " + prefix);
    }
    return new ResultFile(
        key.substring(tenantId.length() + 1), file.name(), file.contentType(), file.sizeBytes());
  }

  static TaskProblem problem(TaskProgressReported.Problem problem) {
    return new TaskProblem(problem.type(), problem.title(), problem.status(), problem.detail());
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
