package io.sac4cps.sensors.store;

import io.sac4cps.platform.jdbc.JdbcStatements;
import io.sac4cps.sensors.domain.KnownRoom;
import jakarta.inject.Singleton;

/** The rooms sensors knows of (decision 0039); the caller's transaction. */
@Singleton
public class RoomStore {
  private final JdbcStatements sql;

  public RoomStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /** Records the room unless a newer change of it is already known (SQS reorders). */
  public void upsertIfNewer(KnownRoom room) {
    sql.update(
        """
        INSERT INTO room AS r (tenant_id, id, changed_at) VALUES (?, ?, ?)
        ON CONFLICT (tenant_id, id) DO UPDATE SET changed_at = excluded.changed_at
          WHERE r.changed_at < excluded.changed_at
        """,
        s -> {
          s.setString(1, room.tenantId());
          s.setString(2, room.id());
          s.setTimestamp(3, JdbcStatements.timestamp(room.changedAt()));
        });
  }

  public boolean exists(String tenantId, String roomId) {
    return sql.queryOne(
            "SELECT 1 FROM room WHERE tenant_id = ? AND id = ?",
            s -> {
              s.setString(1, tenantId);
              s.setString(2, roomId);
            },
            row -> row.getInt(1))
        .isPresent();
  }
}
