package io.sac4cps.analytics.store;

import io.sac4cps.analytics.domain.Reading;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sensors as their readings describe them. The newest reading's room, metric and unit win; first
 * and last reading times only widen, so a late reading never moves them wrongly.
 */
@Singleton
public class SensorStore {
  private static final String UPSERT =
      """
      INSERT INTO sensor AS s (tenant_id, id, room_id, metric, unit, first_reading, last_reading)
      SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                           ?::text[]::timestamptz[], ?::text[]::timestamptz[])
      ON CONFLICT (tenant_id, id) DO UPDATE
        SET room_id = CASE WHEN excluded.last_reading >= s.last_reading THEN excluded.room_id
                           ELSE s.room_id END,
            metric = CASE WHEN excluded.last_reading >= s.last_reading THEN excluded.metric
                          ELSE s.metric END,
            unit = CASE WHEN excluded.last_reading >= s.last_reading THEN excluded.unit
                        ELSE s.unit END,
            first_reading = least(s.first_reading, excluded.first_reading),
            last_reading = greatest(s.last_reading, excluded.last_reading)
      """;

  private record Key(String tenantId, String sensorId) {}

  private record Seen(Reading newest, java.time.Instant first) {}

  private final JdbcStatements sql;

  public SensorStore(JdbcStatements sql) {
    this.sql = sql;
  }

  public void record(Collection<Reading> readings) {
    Map<Key, Seen> bySensor =
        new TreeMap<>(Comparator.comparing(Key::tenantId).thenComparing(Key::sensorId));
    for (Reading r : readings) {
      bySensor.merge(
          new Key(r.tenantId(), r.sensorId()),
          new Seen(r, r.timestamp()),
          (a, b) ->
              new Seen(
                  b.newest().timestamp().isAfter(a.newest().timestamp()) ? b.newest() : a.newest(),
                  a.first().isBefore(b.first()) ? a.first() : b.first()));
    }
    List<Seen> rows = List.copyOf(bySensor.values());
    int n = rows.size();
    String[][] columns = new String[7][n];
    for (int i = 0; i < n; i++) {
      Reading newest = rows.get(i).newest();
      columns[0][i] = newest.tenantId();
      columns[1][i] = newest.sensorId();
      columns[2][i] = newest.roomId();
      columns[3][i] = newest.metric().wireName();
      columns[4][i] = newest.unit();
      columns[5][i] = rows.get(i).first().toString();
      columns[6][i] = newest.timestamp().toString();
    }
    sql.update(
        UPSERT,
        upsert -> {
          for (int c = 0; c < columns.length; c++) {
            upsert.setArray(c + 1, sql.array("text", columns[c]));
          }
        });
  }
}
