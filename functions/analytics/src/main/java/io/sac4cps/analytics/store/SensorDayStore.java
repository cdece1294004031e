package io.sac4cps.analytics.store;

import io.sac4cps.analytics.domain.Aggregate;
import io.sac4cps.analytics.domain.DaySplit;
import io.sac4cps.analytics.domain.Resolution;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code sensor_day}: per sensor and UTC day, the readings received and which hours had any (a bit
 * per hour), what data health reads for whole days (decision 0064). Both only grow, so a batch adds
 * to them like to the hour aggregates: a late reading adds to its own day, a reading delivered
 * again is never applied twice (the event-id dedupe), and setting an hour's bit twice is harmless.
 */
@Singleton
public class SensorDayStore {
  private static final String UPSERT =
      """
      INSERT INTO sensor_day AS d (tenant_id, room_id, metric, day, sensor_id, received, hours)
      SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]::timestamptz[], ?::text[],
                           ?::int8[], ?::int4[])
      ON CONFLICT (tenant_id, room_id, metric, day, sensor_id) DO UPDATE
        SET received = d.received + excluded.received, hours = d.hours | excluded.hours
      """;

  private final JdbcStatements sql;

  public SensorDayStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /** Adds a batch's hour aggregates ({@link Resolution#HOUR}) to their days. */
  public void add(List<Aggregate> hours) {
    if (hours.isEmpty()) {
      return;
    }
    Map<Aggregate.Key, long[]> byDay = new TreeMap<>();
    for (Aggregate hour : hours) {
      Aggregate.Key key = hour.key();
      long[] day =
          byDay.computeIfAbsent(
              new Aggregate.Key(
                  key.tenantId(),
                  key.roomId(),
                  key.metric(),
                  DaySplit.dayStart(key.bucket()),
                  key.sensorId()),
              k -> new long[2]);
      day[0] += hour.count();
      day[1] |= 1L << Math.floorMod(Math.floorDiv(key.bucket().getEpochSecond(), 3600), 24);
    }
    int n = byDay.size();
    String[][] text = new String[5][n];
    Long[] received = new Long[n];
    Integer[] mask = new Integer[n];
    int i = 0;
    for (Map.Entry<Aggregate.Key, long[]> day : byDay.entrySet()) {
      Aggregate.Key key = day.getKey();
      text[0][i] = key.tenantId();
      text[1][i] = key.roomId();
      text[2][i] = key.metric().wireName();
      text[3][i] = key.bucket().toString();
      text[4][i] = key.sensorId();
      received[i] = day.getValue()[0];
      mask[i] = (int) day.getValue()[1];
      i++;
    }
    sql.update(
        UPSERT,
        upsert -> {
          for (int c = 0; c < text.length; c++) {
            upsert.setArray(c + 1, sql.array("text", text[c]));
          }
          upsert.setArray(6, sql.array("int8", received));
          upsert.setArray(7, sql.array("int4", mask));
        });
  }
}
