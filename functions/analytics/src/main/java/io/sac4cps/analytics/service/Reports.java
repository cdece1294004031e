package io.sac4cps.analytics.service;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import io.sac4cps.analytics.domain.ReportSpec;
import io.sac4cps.analytics.store.ReportStore;
import io.sac4cps.analytics.store.RoomStore;
import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.contracts.events.CloudEvent;
import io.sac4cps.contracts.events.TaskRunRequested;
import io.sac4cps.contracts.wiring.TaskKind;
import io.sac4cps.platform.outbox.Destination;
import io.sac4cps.platform.outbox.Outbox;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.platform.storage.Buckets;
import io.sac4cps.platform.storage.ObjectKey;
import io.sac4cps.platform.storage.PresignedUrl;
import io.sac4cps.platform.tasks.TaskKinds;
import io.sac4cps.platform.tasks.TaskStates;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reports as tasks of kind {@value #KIND} (decision 0042): analytics queues a report's work on its
 * own work queue, runs it with the platform's task runner, and answers where it stands from its own
 * schema; the file is handed out through a presigned URL of the tenant's own key only.
 */
@Singleton
public class Reports {
  public static final String KIND = "analytics-report";
  private static final String FUNCTION = "analytics";

  private final TransactionOperations<Connection> transactions;
  private final ReportStore reports;
  private final RoomStore rooms;
  private final TaskStates states;
  private final TaskKinds kinds;
  private final Outbox outbox;
  private final BeanProvider<Buckets> buckets;
  private final Clock clock;
  private final Duration linkValidFor;
  private final long maxPeriodDays;

  public Reports(
      TransactionOperations<Connection> transactions,
      ReportStore reports,
      RoomStore rooms,
      TaskStates states,
      TaskKinds kinds,
      Outbox outbox,
      BeanProvider<Buckets> buckets,
      Clock clock,
      @Value("${analytics.reports.link-valid-for:15m}") Duration linkValidFor) {
    this.transactions = transactions;
    this.reports = reports;
    this.rooms = rooms;
    this.states = states;
    this.kinds = kinds;
    this.outbox = outbox;
    this.buckets = buckets;
    this.clock = clock;
    this.linkValidFor = linkValidFor;
    this.maxPeriodDays = maxPeriodDays(ApiContract.load());
  }

  /** The contract's {@code x-max-period-days} of AnalyticsReportParams: the limit lives there. */
  public long maxPeriodDays() {
    return maxPeriodDays;
  }

  @SuppressWarnings("unchecked")
  private static long maxPeriodDays(ApiContract contract) {
    Map<String, Object> components = (Map<String, Object>) contract.document().get("components");
    Map<String, Object> schemas = (Map<String, Object>) components.get("schemas");
    Map<String, Object> params = (Map<String, Object>) schemas.get("AnalyticsReportParams");
    return ((Number) params.get("x-max-period-days")).longValue();
  }

  /** A report and where its task stands. */
  public record ReportState(
      ReportStore.StoredReport report, String status, Optional<PresignedUrl> download) {}

  public Instant now() {
    return clock.instant();
  }

  /**
   * Stores the report and, in the same transaction, its task.run-requested.v1 to the work queue;
   * 404 for a building analytics knows no room of.
   */
  public ReportState create(String tenantId, String createdBy, ReportSpec spec) {
    TaskKind kind =
        kinds
            .kind(KIND)
            .orElseThrow(() -> new IllegalStateException("no task kind " + KIND + " in wiring"));
    String id = "task-" + UUID.randomUUID();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return transactions.executeWrite(
        status -> {
          if (spec.building() != null && rooms.rooms(tenantId, spec.building()).isEmpty()) {
            throw ProblemException.notFound("Building", spec.building());
          }
          reports.insertIfAbsent(tenantId, id, spec, createdBy, now);
          CloudEvent<TaskRunRequested> work =
              CloudEvent.of(
                  TaskRunRequested.TYPE,
                  FUNCTION,
                  id,
                  tenantId,
                  now,
                  new TaskRunRequested(id, KIND, params(spec), createdBy, 1));
          outbox.add(outbox.message(work.id(), Destination.sqs(kind.queue()), id, work));
          return new ReportState(
              reports.find(tenantId, id).orElseThrow(), "pending", Optional.empty());
        });
  }

  /** The tenant's report; empty for an unknown id or another tenant's report. */
  public Optional<ReportState> find(String tenantId, String id) {
    return transactions.executeRead(
        status ->
            reports
                .find(tenantId, id)
                .map(
                    report -> {
                      Optional<TaskStates.TaskState> state = states.find(tenantId, id);
                      String now = state.map(TaskStates.TaskState::status).orElse("pending");
                      Optional<PresignedUrl> link =
                          now.equals("succeeded") && report.fileName() != null
                              ? Optional.of(
                                  buckets
                                      .get()
                                      .named("reports")
                                      .presignedGet(
                                          ObjectKey.of(
                                              tenantId, "tasks/" + id + "/" + report.fileName()),
                                          linkValidFor))
                              : Optional.empty();
                      return new ReportState(report, now, link);
                    }));
  }

  /** The task's params: the request as the contract's AnalyticsReportParams has it. */
  public static Map<String, Object> params(ReportSpec spec) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("kind", spec.kind().wireName());
    if (spec.building() != null) {
      params.put("building", spec.building());
    }
    params.put("from", spec.from().toString());
    params.put("to", spec.to().toString());
    params.put("format", spec.format().wireName());
    return params;
  }
}
