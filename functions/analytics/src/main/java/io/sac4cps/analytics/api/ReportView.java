package io.sac4cps.analytics.api;

import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.analytics.service.Reports;
import io.sac4cps.analytics.store.ReportStore;
import java.net.URI;
import java.time.Instant;

/** The contract's {@code Report}. */
@Serdeable
public record ReportView(
    String id,
    String kind,
    String status,
    Instant from,
    Instant to,
    String building,
    String format,
    String taskId,
    Progress progress,
    URI downloadUrl,
    Instant expiresAt,
    String error,
    Instant createdAt,
    Instant completedAt) {

  @Serdeable
  public record Progress(int done, int total) {}

  static ReportView of(Reports.ReportState state) {
    ReportStore.StoredReport report = state.report();
    String status = state.status();
    return new ReportView(
        report.id(),
        report.spec().kind().wireName(),
        status,
        report.spec().from(),
        report.spec().to(),
        report.spec().building(),
        report.spec().format().wireName(),
        report.id(),
        status.equals("pending") ? null : new Progress(report.daysDone(), report.days()),
        state.download().map(u -> u.url()).orElse(null),
        state.download().map(u -> u.expiresAt()).orElse(null),
        switch (status) {
          case "failed" ->
              "The report could not be generated; GET /tasks/" + report.id() + " says why.";
          default -> null;
        },
        report.createdAt(),
        status.equals("succeeded") ? report.completedAt() : null);
  }
}
