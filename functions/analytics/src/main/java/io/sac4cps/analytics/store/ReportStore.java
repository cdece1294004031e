package io.sac4cps.analytics.store;

import io.sac4cps.analytics.domain.ReportSpec;
import io.sac4cps.platform.jdbc.JdbcStatements;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The tenants' reports: what each covers, who asked, and its file once the run stored it. */
@Singleton
public class ReportStore {
  private final JdbcStatements sql;

  public ReportStore(JdbcStatements sql) {
    this.sql = sql;
  }

  /** A report as stored. */
  public record StoredReport(
      String tenantId,
      String id,
      ReportSpec spec,
      String createdBy,
      Instant createdAt,
      int days,
      int daysDone,
      String fileName,
      Instant completedAt) {}

  /** Stores the report unless its id is stored already (a task created through POST /tasks). */
  public void insertIfAbsent(
      String tenantId, String id, ReportSpec spec, String createdBy, Instant createdAt) {
    sql.update(
        """
        INSERT INTO report (tenant_id, id, kind, building, from_ts, to_ts, format, created_by,
                            created_at, days)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (tenant_id, id) DO NOTHING
        """,
        s -> {
          s.setString(1, tenantId);
          s.setString(2, id);
          s.setString(3, spec.kind().wireName());
          s.setString(4, spec.building());
          s.setTimestamp(5, JdbcStatements.timestamp(spec.from()));
          s.setTimestamp(6, JdbcStatements.timestamp(spec.to()));
          s.setString(7, spec.format().wireName());
          s.setString(8, createdBy);
          s.setTimestamp(9, JdbcStatements.timestamp(createdAt));
          s.setInt(10, spec.days().size());
        });
  }

  public Optional<StoredReport> find(String tenantId, String id) {
    return sql.queryOne(
        "SELECT * FROM report WHERE tenant_id = ? AND id = ?",
        s -> {
          s.setString(1, tenantId);
          s.setString(2, id);
        },
        ReportStore::report);
  }

  /** How many of its days the run has computed. */
  public void progress(String tenantId, String id, int daysDone) {
    sql.update(
        "UPDATE report SET days_done = ? WHERE tenant_id = ? AND id = ?",
        s -> {
          s.setInt(1, daysDone);
          s.setString(2, tenantId);
          s.setString(3, id);
        });
  }

  /** The run stored the file {@code fileName}. */
  public void completed(String tenantId, String id, String fileName, Instant at) {
    sql.update(
        "UPDATE report SET file_name = ?, completed_at = ? WHERE tenant_id = ? AND id = ?",
        s -> {
          s.setString(1, fileName);
          s.setTimestamp(2, JdbcStatements.timestamp(at));
          s.setString(3, tenantId);
          s.setString(4, id);
        });
  }

  private static StoredReport report(ResultSet row) throws SQLException {
    return new StoredReport(
        row.getString("tenant_id"),
        row.getString("id"),
        new ReportSpec(
            ReportSpec.Kind.fromWire(row.getString("kind")).orElseThrow(),
            row.getString("building"),
            JdbcStatements.instant(row, "from_ts"),
            JdbcStatements.instant(row, "to_ts"),
            ReportSpec.Format.fromWire(row.getString("format")).orElseThrow()),
        row.getString("created_by"),
        JdbcStatements.instant(row, "created_at"),
        row.getInt("days"),
        row.getInt("days_done"),
        row.getString("file_name"),
        JdbcStatements.instant(row, "completed_at"));
  }
}
