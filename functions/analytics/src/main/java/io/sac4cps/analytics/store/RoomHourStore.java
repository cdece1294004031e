package io.sac4cps.analytics.store;

import io.sac4cps.analytics.domain.RoomHour;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.util.List;

/** The per-room hourly sums the summary reads, added by one upsert per batch. */
@Singleton
public class RoomHourStore {
  private static final String UPSERT =
      """
      INSERT INTO room_hour AS h (tenant_id, room_id, bucket, occupancy_count, occupancy_sum,
        occupancy_max, temperature_count, temperature_sum, humidity_count, humidity_sum, co2_count,
        co2_sum, energy_count, energy_sum)
      SELECT * FROM unnest(?::text[], ?::text[], ?::text[]::timestamptz[], ?::int8[], ?::float8[],
        ?::float8[], ?::int8[], ?::float8[], ?::int8[], ?::float8[], ?::int8[], ?::float8[],
        ?::int8[], ?::float8[])
      ON CONFLICT (tenant_id, room_id, bucket) DO UPDATE SET
        occupancy_count = h.occupancy_count + excluded.occupancy_count,
        occupancy_sum = h.occupancy_sum + excluded.occupancy_sum,
        occupancy_max = greatest(h.occupancy_max, excluded.occupancy_max),
        temperature_count = h.temperature_count + excluded.temperature_count,
        temperature_sum = h.temperature_sum + excluded.temperature_sum,
        humidity_count = h.humidity_count + excluded.humidity_count,
        humidity_sum = h.humidity_sum + excluded.humidity_sum,
        co2_count = h.co2_count + excluded.co2_count,
        co2_sum = h.co2_sum + excluded.co2_sum,
        energy_count = h.energy_count + excluded.energy_count,
        energy_sum = h.energy_sum + excluded.energy_sum
      """;

  private final JdbcStatements sql;

  public RoomHourStore(JdbcStatements sql) {
    this.sql = sql;
  }

  public void add(List<RoomHour> rows) {
    if (rows.isEmpty()) {
      return;
    }
    int n = rows.size();
    int metrics = RoomHour.METRICS.size();
    String[] tenants = new String[n];
    String[] rooms = new String[n];
    String[] buckets = new String[n];
    Double[] occupancyMax = new Double[n];
    Long[][] counts = new Long[metrics][n];
    Double[][] sums = new Double[metrics][n];
    for (int i = 0; i < n; i++) {
      RoomHour row = rows.get(i);
      tenants[i] = row.key().tenantId();
      rooms[i] = row.key().roomId();
      buckets[i] = row.key().bucket().toString();
      occupancyMax[i] = row.occupancyMax();
      for (int m = 0; m < metrics; m++) {
        counts[m][i] = row.counts()[m];
        sums[m][i] = row.sums()[m];
      }
    }
    sql.update(
        UPSERT,
        upsert -> {
          upsert.setArray(1, sql.array("text", tenants));
          upsert.setArray(2, sql.array("text", rooms));
          upsert.setArray(3, sql.array("text", buckets));
          int p = 4;
          for (int m = 0; m < metrics; m++) {
            upsert.setArray(p++, sql.array("int8", counts[m]));
            upsert.setArray(p++, sql.array("float8", sums[m]));
            if (m == 0) {
              upsert.setArray(p++, sql.array("float8", occupancyMax));
            }
          }
        });
  }
}
