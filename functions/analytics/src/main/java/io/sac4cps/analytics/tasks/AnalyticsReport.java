package io.sac4cps.analytics.tasks;

import io.micronaut.context.annotation.Requires;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.analytics.domain.ReportParams;
import io.sac4cps.analytics.domain.ReportSpec;
import io.sac4cps.analytics.domain.Summary;
import io.sac4cps.analytics.service.Reports;
import io.sac4cps.analytics.service.Summaries;
import io.sac4cps.analytics.store.ReportStore;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.platform.storage.ObjectKey;
import io.sac4cps.platform.storage.ObjectStorage;
import io.sac4cps.platform.storage.StoredObject;
import io.sac4cps.platform.storage.UploadedPart;
import io.sac4cps.platform.tasks.TaskContext;
import io.sac4cps.platform.tasks.TaskRejected;
import io.sac4cps.platform.tasks.TaskResult;
import io.sac4cps.platform.tasks.TaskRunner;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code analytics-report}: the summary of each day of the period (the figures GET
 * /analytics/summary gives for that day), then the whole period's, rendered as PDF or CSV into the
 * {@code reports} bucket (decision 0042). Each day computed is a checkpoint (where a cancel is seen
 * and a run short of time hands over), holding the days so far: a resumed run computes only the
 * days after them. The file is written once, at the end, so a cancel leaves nothing to discard.
 */
@Singleton
@Requires(classes = software.amazon.awssdk.services.s3.S3Client.class)
public class AnalyticsReport implements TaskRunner {
  /** Files up to this size are one PUT; larger ones a multipart upload of such parts. */
  static final int PART_BYTES = 8 * 1024 * 1024;

  private final Summaries summaries;
  private final Reports requests;
  private final ReportStore reports;
  private final TransactionOperations<Connection> transactions;
  private final Clock clock;

  public AnalyticsReport(
      Summaries summaries,
      Reports requests,
      ReportStore reports,
      TransactionOperations<Connection> transactions,
      Clock clock) {
    this.summaries = summaries;
    this.requests = requests;
    this.reports = reports;
    this.transactions = transactions;
    this.clock = clock;
  }

  /** The days computed so far. */
  @Serdeable
  record Checkpoint(List<ReportDay> days) {
    Checkpoint {
      // Serde leaves an empty list out of the JSON.
      days = days == null ? List.of() : List.copyOf(days);
    }
  }

  @Override
  public String kind() {
    return Reports.KIND;
  }

  @Override
  public TaskResult run(TaskContext task) {
    List<String> problems = new ArrayList<>();
    ReportSpec spec =
        ReportParams.parse(
            task.params(),
            requests.maxPeriodDays(),
            (field, message) -> problems.add(field + " " + message));
    if (spec == null) {
      throw new TaskRejected(String.join("; ", problems));
    }
    String tenant = task.tenantId();
    // A task created through POST /tasks has no report row yet: GET /analytics/reports/{id} too.
    transactions.executeWrite(
        s -> {
          reports.insertIfAbsent(
              tenant,
              task.taskId(),
              spec,
              task.createdBy(),
              clock.instant().truncatedTo(ChronoUnit.MICROS));
          return null;
        });
    List<ReportSpec.Period> periods = spec.days();
    List<ReportDay> days =
        new ArrayList<>(task.checkpoint(Checkpoint.class).map(Checkpoint::days).orElse(List.of()));
    if (!days.isEmpty()) {
      // A resumed run: its reports carry no progress until it says where it is (decision 0032).
      task.progress(days.size(), (long) periods.size(), progress(days.size(), periods.size()));
    }
    for (int i = days.size(); i < periods.size(); i++) {
      ReportSpec.Period period = periods.get(i);
      days.add(ReportDay.of(summary(tenant, spec.building(), period.from(), period.to())));
      int done = days.size();
      transactions.executeWrite(
          s -> {
            reports.progress(tenant, task.taskId(), done);
            return null;
          });
      task.progress(done, (long) periods.size(), progress(done, periods.size()));
      task.checkpoint(new Checkpoint(days));
    }
    Summary whole = summary(tenant, spec.building(), spec.from(), spec.to());
    byte[] file =
        spec.format() == ReportSpec.Format.CSV
            ? ReportCsv.render(spec, days)
            : ReportPdf.render(spec, whole, days, clock.instant());
    if (task.isCancelled()) {
      task.checkpoint(new Checkpoint(days)); // stops the run before it stores anything
    }
    StoredObject stored = store(task, spec.format(), file);
    transactions.executeWrite(
        s -> {
          reports.completed(tenant, task.taskId(), spec.format().fileName(), clock.instant());
          return null;
        });
    return TaskResult.withFile(
        String.format(
            "%s report (%s), %d days, %,d bytes",
            spec.kind().title(), spec.format().wireName(), days.size(), file.length),
        stored);
  }

  /** A PDF and a CSV of a day with no rooms, stored nowhere: for priming (decision 0023). */
  public static void renderEmpty() {
    Instant from = Instant.parse("2025-01-01T00:00:00Z");
    ReportSpec spec =
        new ReportSpec(
            ReportSpec.Kind.BUILDING_SUMMARY,
            null,
            from,
            from.plus(ReportSpec.DAY),
            ReportSpec.Format.PDF);
    Summary.Figure none = Summary.Figure.of(null, null);
    Summary empty =
        new Summary(
            from,
            spec.to(),
            from.minus(ReportSpec.DAY),
            null,
            new Summary.Occupancy(none, List.of()),
            new Summary.Energy(none, none, null),
            new Summary.Comfort(none, none, none),
            new Summary.Alerts(none, none, none, none, List.of()),
            new Summary.DataHealth(none, 0, List.of(), List.of()),
            List.of());
    List<ReportDay> days = List.of(new ReportDay(from, spec.to(), null, null, null, 0, List.of()));
    ReportPdf.render(spec, empty, days, from);
    ReportCsv.render(spec, days);
  }

  private static String progress(int done, int days) {
    return "day " + done + " of " + days;
  }

  private Summary summary(String tenant, String building, Instant from, Instant to) {
    try {
      return summaries.summary(tenant, building, from, to);
    } catch (ProblemException e) {
      // The building has no room (any more): retrying would not help.
      throw new TaskRejected(e.getMessage());
    }
  }

  /** One PUT for a file of up to {@link #PART_BYTES}, a multipart upload for a larger one. */
  private static StoredObject store(TaskContext task, ReportSpec.Format format, byte[] file) {
    if (file.length <= PART_BYTES) {
      return task.upload(format.fileName(), file, format.contentType());
    }
    ObjectStorage storage = task.reports();
    ObjectKey key = task.outputKey(format.fileName());
    String upload = storage.startMultipart(key, format.contentType());
    try {
      List<UploadedPart> parts = new ArrayList<>();
      for (int offset = 0; offset < file.length; offset += PART_BYTES) {
        byte[] part = Arrays.copyOfRange(file, offset, Math.min(file.length, offset + PART_BYTES));
        parts.add(storage.uploadPart(key, upload, parts.size() + 1, part, part.length));
      }
      return storage.completeMultipart(key, upload, parts, format.contentType());
    } catch (RuntimeException e) {
      storage.abortMultipart(key, upload);
      throw e;
    }
  }
}
