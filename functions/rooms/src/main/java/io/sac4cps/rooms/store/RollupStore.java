package io.sac4cps.rooms.store;

import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.rooms.domain.Comfort;
import io.sac4cps.rooms.domain.HistoryInterval;
import io.sac4cps.rooms.domain.HistoryPoint;
import io.sac4cps.rooms.domain.Metric;
import io.sac4cps.rooms.domain.RollupDelta;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Minute and hour rollups: written by the consumer, read by history and the comfort summary. Every
 * read is a range scan of the primary key (tenant, room, metric, bucket).
 */
@Singleton
public class RollupStore {
  private final TransactionOperations<Connection> transactions;

  public RollupStore(TransactionOperations<Connection> transactions) {
    this.transactions = transactions;
  }

  /**
   * Adds the deltas (sorted, one per bucket) to the rollups of {@code unit} in one statement; the
   * caller's transaction.
   */
  public void add(Connection connection, ChronoUnit unit, List<RollupDelta> deltas)
      throws SQLException {
    if (deltas.isEmpty()) {
      return;
    }
    String table = table(unit);
    int n = deltas.size();
    Object[] tenants = new Object[n];
    Object[] rooms = new Object[n];
    Object[] metrics = new Object[n];
    Object[] buckets = new Object[n];
    Long[] counts = new Long[n];
    Double[] sums = new Double[n];
    Double[] mins = new Double[n];
    Double[] maxes = new Double[n];
    for (int i = 0; i < n; i++) {
      RollupDelta d = deltas.get(i);
      tenants[i] = d.series().tenantId();
      rooms[i] = d.series().roomId();
      metrics[i] = d.series().metric().wireName();
      buckets[i] = d.bucket().toString();
      counts[i] = d.count();
      sums[i] = d.sum();
      mins[i] = d.min();
      maxes[i] = d.max();
    }
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO "
                + table
                + " AS r (tenant_id, room_id, metric, bucket, count, sum, min, max)"
                + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]::timestamptz[],"
                + " ?::bigint[], ?::float8[], ?::float8[], ?::float8[])"
                + " ON CONFLICT (tenant_id, room_id, metric, bucket) DO UPDATE SET"
                + " count = r.count + EXCLUDED.count, sum = r.sum + EXCLUDED.sum,"
                + " min = LEAST(r.min, EXCLUDED.min), max = GREATEST(r.max, EXCLUDED.max)")) {
      upsert.setArray(1, Sql.texts(connection, tenants));
      upsert.setArray(2, Sql.texts(connection, rooms));
      upsert.setArray(3, Sql.texts(connection, metrics));
      upsert.setArray(4, Sql.texts(connection, buckets));
      upsert.setArray(5, connection.createArrayOf("int8", counts));
      upsert.setArray(6, connection.createArrayOf("float8", sums));
      upsert.setArray(7, connection.createArrayOf("float8", mins));
      upsert.setArray(8, connection.createArrayOf("float8", maxes));
      upsert.executeUpdate();
    }
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
    String sql =
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
    return transactions.executeRead(
        status -> {
          try (PreparedStatement select = status.getConnection().prepareStatement(sql)) {
            select.setString(1, tenantId);
            select.setString(2, roomId);
            select.setString(3, metric.wireName());
            Sql.setInstant(select, 4, from);
            Sql.setInstant(select, 5, to);
            select.setInt(6, limit);
            List<HistoryPoint> points = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                long count = rs.getLong("count");
                points.add(
                    new HistoryPoint(
                        Sql.instant(rs, "t"),
                        rs.getDouble("min"),
                        rs.getDouble("max"),
                        rs.getDouble("sum") / count,
                        count));
              }
            }
            return points;
          }
        });
  }

  /**
   * The room's comfort over [{@code from}, {@code to}): per minute with data, whether each metric
   * with a threshold averaged within it, and whether all did.
   */
  public Comfort comfort(String tenantId, String roomId, Instant from, Instant to) {
    String sql =
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
    return transactions.executeRead(
        status -> {
          try (PreparedStatement select = status.getConnection().prepareStatement(sql)) {
            select.setString(1, tenantId);
            select.setString(2, roomId);
            Sql.setInstant(select, 3, from);
            Sql.setInstant(select, 4, to);
            Map<Metric, Comfort.MetricComfort> metrics = new EnumMap<>(Metric.class);
            long minutes = 0;
            Double share = null;
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                long total = rs.getLong("minutes");
                long within = rs.getLong("within");
                String metric = rs.getString("metric");
                if (metric == null) {
                  minutes = total;
                  share = total == 0 ? null : (double) within / total;
                } else {
                  Metric.fromWire(metric)
                      .ifPresent(
                          m ->
                              metrics.put(
                                  m, new Comfort.MetricComfort((double) within / total, total)));
                }
              }
            }
            return new Comfort(from, to, share, minutes, metrics);
          }
        });
  }

  /**
   * Deletes at most {@code limit} minute rollups whose minute is older than {@code retention} by
   * the database's clock, in the caller's transaction. Hour rollups are kept: they serve 1h and 1d
   * history for as long as the room exists.
   *
   * @return how many were deleted
   */
  public int deleteExpiredMinutes(Connection connection, java.time.Duration retention, int limit)
      throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM rollup_minute WHERE (tenant_id, room_id, metric, bucket) IN"
                + " (SELECT tenant_id, room_id, metric, bucket FROM rollup_minute"
                + " WHERE bucket < now() - make_interval(secs => ?) LIMIT ?)")) {
      delete.setLong(1, retention.toSeconds());
      delete.setInt(2, limit);
      return delete.executeUpdate();
    }
  }

  private static String table(ChronoUnit unit) {
    return switch (unit) {
      case MINUTES -> "rollup_minute";
      case HOURS -> "rollup_hour";
      default -> throw new IllegalArgumentException("no rollup of " + unit);
    };
  }
}
