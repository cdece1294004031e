package io.sac4cps.tasks.store;

import static io.sac4cps.platform.jdbc.JdbcStatements.instant;
import static io.sac4cps.platform.jdbc.JdbcStatements.timestamp;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.sac4cps.platform.jdbc.JdbcStatements;
import io.sac4cps.tasks.domain.Progress;
import io.sac4cps.tasks.domain.ResultFile;
import io.sac4cps.tasks.domain.Task;
import io.sac4cps.tasks.domain.TaskProblem;
import io.sac4cps.tasks.domain.TaskResult;
import io.sac4cps.tasks.domain.TaskStatus;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Tasks, read and written in the caller's transaction; reads by users are within one tenant. */
@Singleton
public class TaskStore {
  private static final String COLUMNS =
      "id, tenant_id, kind, params, status, progress_done, progress_total, progress_message,"
          + " attempts, created_by, created_at, started_at, finished_at, last_activity_at,"
          + " report_sequence, event_sequence, result_summary, result_file, error";
  private static final Argument<Map<String, Object>> JSON_OBJECT =
      Argument.mapOf(String.class, Object.class);

  private final JdbcStatements sql;
  private final JsonMapper json;

  public TaskStore(JdbcStatements sql, JsonMapper json) {
    this.sql = sql;
    this.json = json;
  }

  public void insert(Task task) {
    sql.update(
        "INSERT INTO task ("
            + COLUMNS
            + ") VALUES (?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " CAST(? AS jsonb), CAST(? AS jsonb))",
        s -> {
          s.setString(1, task.id());
          s.setString(2, task.tenantId());
          s.setString(3, task.kind());
          s.setString(4, write(task.params()));
          bindState(s, 5, task);
        });
  }

  /** Writes what the lifecycle changes; the identity columns never change. */
  public void update(Task task) {
    sql.update(
        "UPDATE task SET status = ?, progress_done = ?, progress_total = ?, progress_message = ?,"
            + " attempts = ?, created_by = ?, created_at = ?, started_at = ?, finished_at = ?,"
            + " last_activity_at = ?, report_sequence = ?, event_sequence = ?,"
            + " result_summary = ?, result_file = CAST(? AS jsonb), error = CAST(? AS jsonb)"
            + " WHERE id = ?",
        s -> {
          bindState(s, 1, task);
          s.setString(16, task.id());
        });
  }

  public Optional<Task> find(String tenantId, String id) {
    return sql.queryOne(
        "SELECT " + COLUMNS + " FROM task WHERE tenant_id = ? AND id = ?",
        s -> {
          s.setString(1, tenantId);
          s.setString(2, id);
        },
        this::task);
  }

  /** The tenant's task, locked until the transaction ends: one change at a time per task. */
  public Optional<Task> lock(String tenantId, String id) {
    return sql.queryOne(
        "SELECT " + COLUMNS + " FROM task WHERE tenant_id = ? AND id = ? FOR UPDATE",
        s -> {
          s.setString(1, tenantId);
          s.setString(2, id);
        },
        this::task);
  }

  /**
   * A page of the tenant's tasks, newest first, after the keyset ({@code createdAt}, {@code id})
   * when given, optionally filtered.
   */
  public List<Task> list(
      String tenantId,
      TaskStatus status,
      String kind,
      Instant afterCreatedAt,
      String afterId,
      int limit) {
    StringBuilder select =
        new StringBuilder("SELECT " + COLUMNS + " FROM task WHERE tenant_id = ?");
    List<Object> params = new ArrayList<>(List.of(tenantId));
    if (status != null) {
      select.append(" AND status = ?");
      params.add(status.wireName());
    }
    if (kind != null) {
      select.append(" AND kind = ?");
      params.add(kind);
    }
    if (afterCreatedAt != null) {
      select.append(" AND (created_at, id) < (?, ?)");
      params.add(timestamp(afterCreatedAt));
      params.add(afterId);
    }
    select.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
    params.add(limit);
    return sql.query(
        select.toString(),
        s -> {
          for (int i = 0; i < params.size(); i++) {
            s.setObject(i + 1, params.get(i));
          }
        },
        this::task);
  }

  /**
   * Tasks of {@code kind} (any tenant) in one of {@code statuses}, silent since before {@code
   * silentSince}, oldest silence first, locked; rows another sweep holds are skipped.
   */
  public List<Task> lockSilent(
      String kind, Set<TaskStatus> statuses, Instant silentSince, int limit) {
    return sql.query(
        "SELECT "
            + COLUMNS
            + " FROM task WHERE status = ANY (?) AND kind = ? AND last_activity_at < ?"
            + " ORDER BY last_activity_at LIMIT ? FOR UPDATE SKIP LOCKED",
        s -> {
          s.setArray(1, sql.textArray(statuses.stream().map(TaskStatus::wireName).toList()));
          s.setString(2, kind);
          s.setTimestamp(3, timestamp(silentSince));
          s.setInt(4, limit);
        },
        this::task);
  }

  /** The task by id alone, locked: for an owner's report, whose tenant is checked after. */
  public Optional<Task> lockById(String id) {
    return sql.queryOne(
        "SELECT " + COLUMNS + " FROM task WHERE id = ? FOR UPDATE",
        s -> s.setString(1, id),
        this::task);
  }

  private void bindState(java.sql.PreparedStatement s, int first, Task task) throws SQLException {
    int i = first;
    s.setString(i++, task.status().wireName());
    s.setLong(i++, task.progress().done());
    if (task.progress().total() == null) {
      s.setNull(i++, Types.BIGINT);
    } else {
      s.setLong(i++, task.progress().total());
    }
    s.setString(i++, task.progress().message());
    s.setInt(i++, task.attempts());
    s.setString(i++, task.createdBy());
    s.setTimestamp(i++, timestamp(task.createdAt()));
    s.setTimestamp(i++, timestamp(task.startedAt()));
    s.setTimestamp(i++, timestamp(task.finishedAt()));
    s.setTimestamp(i++, timestamp(task.lastActivityAt()));
    s.setLong(i++, task.reportSequence());
    s.setLong(i++, task.eventSequence());
    s.setString(i++, task.result() == null ? null : task.result().summary());
    s.setString(
        i++,
        task.result() == null || task.result().file() == null
            ? null
            : write(file(task.result().file())));
    s.setString(i, task.error() == null ? null : write(problem(task.error())));
  }

  private Task task(ResultSet rs) throws SQLException {
    long total = rs.getLong("progress_total");
    Long progressTotal = rs.wasNull() ? null : total;
    String summary = rs.getString("result_summary");
    Map<String, Object> file = read(rs.getString("result_file"));
    Map<String, Object> error = read(rs.getString("error"));
    return new Task(
        rs.getString("tenant_id"),
        rs.getString("id"),
        rs.getString("kind"),
        read(rs.getString("params")),
        TaskStatus.fromWire(rs.getString("status")).orElseThrow(),
        new Progress(rs.getLong("progress_done"), progressTotal, rs.getString("progress_message")),
        rs.getInt("attempts"),
        rs.getString("created_by"),
        instant(rs, "created_at"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"),
        instant(rs, "last_activity_at"),
        rs.getLong("report_sequence"),
        rs.getLong("event_sequence"),
        summary == null ? null : new TaskResult(summary, file == null ? null : file(file)),
        error == null ? null : problem(error));
  }

  private static Map<String, Object> file(ResultFile file) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", file.name());
    map.put("fileName", file.fileName());
    map.put("contentType", file.contentType());
    map.put("sizeBytes", file.sizeBytes());
    return map;
  }

  private static ResultFile file(Map<String, Object> map) {
    return new ResultFile(
        (String) map.get("name"),
        (String) map.get("fileName"),
        (String) map.get("contentType"),
        ((Number) map.get("sizeBytes")).longValue());
  }

  private static Map<String, Object> problem(TaskProblem problem) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("type", problem.type());
    map.put("title", problem.title());
    map.put("status", problem.status());
    map.put("detail", problem.detail());
    return map;
  }

  private static TaskProblem problem(Map<String, Object> map) {
    Object status = map.get("status");
    return new TaskProblem(
        (String) map.get("type"),
        (String) map.get("title"),
        status instanceof Number n ? n.intValue() : null,
        (String) map.get("detail"));
  }

  private String write(Map<String, Object> value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, Object> read(String value) {
    if (value == null) {
      return null;
    }
    try {
      return json.readValue(value, JSON_OBJECT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
