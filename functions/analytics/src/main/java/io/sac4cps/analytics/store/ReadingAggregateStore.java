package io.sac4cps.analytics.store;

import io.sac4cps.analytics.domain.Aggregate;
import io.sac4cps.analytics.domain.Resolution;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;

/**
 * The per-sensor quarter-hour and hour aggregates. A batch's aggregates go in as one upsert per
 * table (arrays unnested server-side: one statement and one round trip for any number of rows),
 * adding to what is there.
 */
@Singleton
public class ReadingAggregateStore {
  private static final String UPSERT =
      """
      INSERT INTO %s AS a (tenant_id, room_id, metric, bucket, sensor_id, count, sum, min, max)
      SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]::timestamptz[], ?::text[],
                           ?::int8[], ?::float8[], ?::float8[], ?::float8[])
      ON CONFLICT (tenant_id, room_id, metric, bucket, sensor_id) DO UPDATE
        SET count = a.count + excluded.count, sum = a.sum + excluded.sum,
            min = least(a.min, excluded.min), max = greatest(a.max, excluded.max)
      """;

  private final JdbcStatements sql;

  public ReadingAggregateStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /** Adds {@code aggregates} (one per key, in key order) to the table of {@code resolution}. */
  public void add(Resolution resolution, List<Aggregate> aggregates) {
    if (aggregates.isEmpty()) {
      return;
    }
    int n = aggregates.size();
    String[] tenants = new String[n];
    String[] rooms = new String[n];
    String[] metrics = new String[n];
    String[] buckets = new String[n];
    String[] sensors = new String[n];
    Long[] counts = new Long[n];
    Double[] sums = new Double[n];
    Double[] mins = new Double[n];
    Double[] maxes = new Double[n];
    for (int i = 0; i < n; i++) {
      Aggregate a = aggregates.get(i);
      tenants[i] = a.key().tenantId();
      rooms[i] = a.key().roomId();
      metrics[i] = a.key().metric().wireName();
      buckets[i] = a.key().bucket().toString();
      sensors[i] = a.key().sensorId();
      counts[i] = a.count();
      sums[i] = a.sum();
      mins[i] = a.min();
      maxes[i] = a.max();
    }
    sql.update(
        UPSERT.formatted(resolution.table()),
        upsert -> {
          upsert.setArray(1, sql.array("text", tenants));
          upsert.setArray(2, sql.array("text", rooms));
          upsert.setArray(3, sql.array("text", metrics));
          upsert.setArray(4, sql.array("text", buckets));
          upsert.setArray(5, sql.array("text", sensors));
          upsert.setArray(6, sql.array("int8", counts));
          upsert.setArray(7, sql.array("float8", sums));
          upsert.setArray(8, sql.array("float8", mins));
          upsert.setArray(9, sql.array("float8", maxes));
        });
  }

  /** Deletes up to {@code limit} quarter-hour aggregates older than {@code retention}. */
  public int deleteExpiredQuarterHours(Duration retention, int limit) {
    return sql.update(
        "DELETE FROM reading_quarter WHERE ctid = ANY (ARRAY(SELECT ctid FROM reading_quarter"
            + " WHERE bucket < now() - make_interval(secs => ?) LIMIT ?))",
        delete -> {
          delete.setLong(1, retention.toSeconds());
          delete.setInt(2, limit);
        });
  }
}
