package io.sac4cps.analytics.store;

import io.sac4cps.analytics.domain.CalendarBuckets;
import io.sac4cps.analytics.domain.Metric;
import io.sac4cps.analytics.domain.Resolution;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;

/** Fills calendar buckets from the quarter-hour or hour aggregates of a metric in some rooms. */
@Singleton
public class TrendStore {
  private static final String BY_ROOMS =
      """
      SELECT bucket, sum(count) AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max
      FROM %s WHERE tenant_id = ? AND room_id = ANY(?) AND metric = ? AND bucket >= ? AND bucket < ?
      GROUP BY bucket
      """;
  private static final String WHOLE_TENANT =
      """
      SELECT bucket, sum(count) AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max
      FROM %s WHERE tenant_id = ? AND metric = ? AND bucket >= ? AND bucket < ?
      GROUP BY bucket
      """;

  private final JdbcStatements sql;

  public TrendStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /**
   * Adds the aggregates of {@code metric} in {@code roomIds} (null: every room of the tenant) from
   * the aggregates of {@code source} to {@code buckets}.
   */
  public void fill(
      String tenantId,
      List<String> roomIds,
      Metric metric,
      Resolution source,
      CalendarBuckets buckets) {
    String table = source.table();
    Instant from = buckets.from();
    Instant to = buckets.to();
    sql.query(
        (roomIds == null ? WHOLE_TENANT : BY_ROOMS).formatted(table),
        select -> {
          int i = 1;
          select.setString(i++, tenantId);
          if (roomIds != null) {
            select.setArray(i++, sql.textArray(roomIds));
          }
          select.setString(i++, metric.wireName());
          select.setTimestamp(i++, JdbcStatements.timestamp(from));
          select.setTimestamp(i, JdbcStatements.timestamp(to));
        },
        row -> {
          buckets.add(
              JdbcStatements.instant(row, "bucket"),
              row.getLong("count"),
              row.getDouble("sum"),
              row.getDouble("min"),
              row.getDouble("max"));
          return null;
        });
  }
}
