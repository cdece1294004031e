package io.sac4cps.rooms.tasks;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.platform.jdbc.JdbcStatements;
import io.sac4cps.platform.tasks.TaskContext;
import io.sac4cps.platform.tasks.TaskRejected;
import io.sac4cps.platform.tasks.TaskResult;
import io.sac4cps.platform.tasks.TaskRunner;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * {@code room-rollup-rebuild}: recomputes a room's ({@code roomId}) hour rollups from {@code from}
 * to {@code to} out of its minute rollups, after late data or a data fix. Each hour that has minute
 * rollups is replaced by their aggregate, so running it again changes nothing (idempotent); hours
 * whose minutes have expired (rooms keeps them 30 days) are left as they are. One day per
 * transaction and checkpoint, so a continuation or a retry resumes at the next day.
 */
@Singleton
public class RoomRollupRebuild implements TaskRunner {
  public static final String KIND = "room-rollup-rebuild";

  private static final String REBUILD_HOURS =
      "INSERT INTO rollup_hour (tenant_id, room_id, metric, bucket, count, sum, min, max)"
          + " SELECT tenant_id, room_id, metric, date_trunc('hour', bucket), sum(count), sum(sum),"
          + " min(min), max(max) FROM rollup_minute"
          + " WHERE tenant_id = ? AND room_id = ? AND bucket >= ? AND bucket < ?"
          + " GROUP BY tenant_id, room_id, metric, date_trunc('hour', bucket)"
          + " ON CONFLICT (tenant_id, room_id, metric, bucket) DO UPDATE SET count = EXCLUDED.count,"
          + " sum = EXCLUDED.sum, min = EXCLUDED.min, max = EXCLUDED.max";

  private final TransactionOperations<Connection> transactions;
  private final JdbcStatements sql;

  public RoomRollupRebuild(TransactionOperations<Connection> transactions) {
    this.transactions = transactions;
    this.sql = new JdbcStatements(transactions);
  }

  /** The first hour not rebuilt yet, and how many hour rollups were written so far. */
  @Serdeable
  record Checkpoint(Instant next, long hours) {}

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public TaskResult run(TaskContext task) {
    String roomId = text(task, "roomId");
    Instant from = instant(task, "from").truncatedTo(ChronoUnit.HOURS);
    Instant to = instant(task, "to");
    if (!to.isAfter(from)) {
      throw new TaskRejected("to must be after from");
    }
    long days = Math.max(1, Duration.between(from, to).toDays() + 1);
    Checkpoint at = task.checkpoint(Checkpoint.class).orElse(new Checkpoint(from, 0));
    while (at.next().isBefore(to)) {
      Instant start = at.next();
      Instant end = min(start.plus(Duration.ofDays(1)), to);
      int written =
          transactions.executeWrite(
              status ->
                  sql.update(
                      REBUILD_HOURS,
                      s -> {
                        s.setString(1, task.tenantId());
                        s.setString(2, roomId);
                        s.setTimestamp(3, JdbcStatements.timestamp(start));
                        s.setTimestamp(4, JdbcStatements.timestamp(end));
                      }));
      at = new Checkpoint(end, at.hours() + written);
      task.progress(Duration.between(from, end).toDays(), days, null);
      task.checkpoint(at);
    }
    return TaskResult.of(String.format("%,d hour rollups of room %s rebuilt", at.hours(), roomId));
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static String text(TaskContext task, String name) {
    if (task.params().get(name) instanceof String text && !text.isBlank()) {
      return text;
    }
    throw new TaskRejected(name + " is required");
  }

  private static Instant instant(TaskContext task, String name) {
    String text = text(task, name);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new TaskRejected(name + " is not an RFC 3339 time: " + text);
    }
  }
}
