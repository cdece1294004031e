package io.sac4cps.rooms.store;

import static io.sac4cps.platform.jdbc.JdbcStatements.instant;
import static io.sac4cps.platform.jdbc.JdbcStatements.timestamp;

import io.sac4cps.platform.jdbc.JdbcStatements;
import io.sac4cps.rooms.domain.Comfort;
import io.sac4cps.rooms.domain.HistoryInterval;
import io.sac4cps.rooms.domain.HistoryPoint;
import io.sac4cps.rooms.domain.Metric;
import io.sac4cps.rooms.domain.RollupDelta;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Minute and hour rollups: written by the consumer, read by history and the comfort summary. Every
 * read is a range scan of the primary key (tenant, room, metric, bucket). The caller's transaction.
 */
@Singleton
public class RollupStore {
  private final JdbcStatements sql;

  public RollupStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /**
   * Adds the minute deltas (sorted, one per series and minute) to the minute rollups and, summed
   * per hour, to the hour rollups: one statement and one set of arrays for both (decision 0070).
   */
  public void addMinutesAndHours(List<RollupDelta> minutes) {
    if (minutes.isEmpty()) {
      return;
    }
    int n = minutes.size();
    Object[] tenants = new Object[n];
    Object[] rooms = new Object[n];
    Object[] metrics = new Object[n];
    Object[] buckets = new Object[n];
    Long[] counts = new Long[n];
    Double[] sums = new Double[n];
    Double[] mins = new Double[n];
    Double[] maxes = new Double[n];
    for (int i = 0; i < n; i++) {
      RollupDelta d = minutes.get(i);
      tenants[i] = d.series().tenantId();
      rooms[i] = d.series().roomId();
      metrics[i] = d.series().metric().wireName();
      buckets[i] = d.bucket().toString();
      counts[i] = d.count();
      sums[i] = d.sum();
      mins[i] = d.min();
      maxes[i] = d.max();
    }
    String merge =
        " ON CONFLICT (tenant_id, room_id, metric, bucket) DO UPDATE SET"
            + " count = r.count + EXCLUDED.count, sum = r.sum + EXCLUDED.sum,"
            + " min = LEAST(r.min, EXCLUDED.min), max = GREATEST(r.max, EXCLUDED.max)";
    sql.update(
        "WITH d AS (SELECT * FROM unnest(?::text[], ?::text[], ?::text[],"
            + " ?::text[]::timestamptz[], ?::bigint[], ?::float8[], ?::float8[], ?::float8[])"
            + " AS d(tenant_id, room_id, metric, bucket, count, sum, min, max)),"
            + " minute AS (INSERT INTO rollup_minute AS r"
            + " (tenant_id, room_id, metric, bucket, count, sum, min, max) SELECT * FROM d"
            + merge
            + ")"
            + " INSERT INTO rollup_hour AS r (tenant_id, room_id, metric, bucket, count, sum, min, max)"
            // UTC hours whatever the session's time zone.
            + " SELECT tenant_id, room_id, metric,"
            + " date_trunc('hour', bucket AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',"
            + " sum(count), sum(sum), min(min), max(max) FROM d GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
            + merge,
        s -> {
          s.setArray(1, sql.array("text", tenants));
          s.setArray(2, sql.array("text", rooms));
          s.setArray(3, sql.array("text", metrics));
          s.setArray(4, sql.array("text", buckets));
          s.setArray(5, sql.array("int8", counts));
          s.setArray(6, sql.array("float8", sums));
          s.setArray(7, sql.array("float8", mins));
          s.setArray(8, sql.array("float8", maxes));
        });
  }

  /**
   * Points of [{@code from}, {@code to}) at {@code interval}, oldest first, at most {@code limit}.
   * Each point's {@code t} is the start of its interval (aligned to the epoch, so UTC days).
   */
  public List<HistoryPoint> history(
      String tenantId,
      String roomId,
      Metric metric,
      HistoryInterval interval,
      Instant from,
      Instant to,
      int limit) {
    String table = table(interval.source());
    long step = interval.step().toSeconds();
    String select =
        interval.isSourceGranularity()
            ? "SELECT bucket AS t, min, max, sum, count FROM "
                + table
                + " WHERE tenant_id = ? AND room_id = ? AND metric = ? AND bucket >= ? AND bucket < ?"
                + " ORDER BY bucket LIMIT ?"
            : "SELECT to_timestamp(floor(extract(epoch FROM bucket) / "
                + step
                + ") * "
                + step
                + ") AS t, min(min) AS min, max(max) AS max, sum(sum) AS sum, sum(count) AS count"
                + " FROM "
                + table
                + " WHERE tenant_id = ? AND room_id = ? AND metric = ? AND bucket >= ? AND bucket < ?"
                + " GROUP BY 1 ORDER BY 1 LIMIT ?";
    return sql.query(
        select,
        s -> {
          s.setString(1, tenantId);
          s.setString(2, roomId);
          s.setString(3, metric.wireName());
          s.setTimestamp(4, timestamp(from));
          s.setTimestamp(5, timestamp(to));
          s.setInt(6, limit);
        },
        rs -> {
          long count = rs.getLong("count");
          return new HistoryPoint(
              instant(rs, "t"),
              rs.getDouble("min"),
              rs.getDouble("max"),
              rs.getDouble("sum") / count,
              count);
        });
  }

  /**
   * The room's comfort over [{@code from}, {@code to}): per minute with data, whether each metric
   * with a threshold averaged within it, and whether all did.
   */
  public Comfort comfort(String tenantId, String roomId, Instant from, Instant to) {
    String select =
        "WITH judged AS ("
            + " SELECT r.bucket, r.metric,"
            + " (r.sum / r.count) >= coalesce(t.min, '-Infinity')"
            + " AND (r.sum / r.count) <= coalesce(t.max, 'Infinity') AS ok"
            + " FROM rollup_minute r JOIN room_threshold t"
            + " ON t.tenant_id = r.tenant_id AND t.room_id = r.room_id AND t.metric = r.metric"
            + " WHERE r.tenant_id = ? AND r.room_id = ? AND r.bucket >= ? AND r.bucket < ?)"
            + " SELECT metric, count(*) AS minutes, count(*) FILTER (WHERE ok) AS within"
            + " FROM judged GROUP BY metric"
            + " UNION ALL"
            + " SELECT NULL, count(*), count(*) FILTER (WHERE ok)"
            + " FROM (SELECT bucket, bool_and(ok) AS ok FROM judged GROUP BY bucket) minutes";
    record Row(String metric, long minutes, long within) {}
    List<Row> rows =
        sql.query(
            select,
            s -> {
              s.setString(1, tenantId);
              s.setString(2, roomId);
              s.setTimestamp(3, timestamp(from));
              s.setTimestamp(4, timestamp(to));
            },
            rs -> new Row(rs.getString("metric"), rs.getLong("minutes"), rs.getLong("within")));
    Map<Metric, Comfort.MetricComfort> metrics = new EnumMap<>(Metric.class);
    long minutes = 0;
    Double share = null;
    for (Row row : rows) {
      if (row.metric() == null) {
        minutes = row.minutes();
        share = row.minutes() == 0 ? null : (double) row.within() / row.minutes();
      } else {
        Metric.fromWire(row.metric())
            .ifPresent(
                m ->
                    metrics.put(
                        m,
                        new Comfort.MetricComfort(
                            (double) row.within() / row.minutes(), row.minutes())));
      }
    }
    return new Comfort(from, to, share, minutes, metrics);
  }

  /**
   * Deletes at most {@code limit} minute rollups whose minute is older than {@code retention} by
   * the database's clock. Hour rollups are kept: they serve 1h and 1d history for as long as the
   * room exists.
   *
   * @return how many were deleted
   */
  public int deleteExpiredMinutes(java.time.Duration retention, int limit) {
    return sql.update(
        "DELETE FROM rollup_minute WHERE (tenant_id, room_id, metric, bucket) IN"
            + " (SELECT tenant_id, room_id, metric, bucket FROM rollup_minute"
            + " WHERE bucket < now() - make_interval(secs => ?) LIMIT ?)",
        delete -> {
          delete.setLong(1, retention.toSeconds());
          delete.setInt(2, limit);
        });
  }

  private static String table(ChronoUnit unit) {
    return switch (unit) {
      case MINUTES -> "rollup_minute";
      case HOURS -> "rollup_hour";
      default -> throw new IllegalArgumentException("no rollup of " + unit);
    };
  }
}
