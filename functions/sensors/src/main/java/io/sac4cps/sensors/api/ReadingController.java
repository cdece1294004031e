package io.sac4cps.sensors.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.sac4cps.platform.paging.Cursor;
import io.sac4cps.platform.problem.Problem;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.platform.request.RefusedItems;
import io.sac4cps.platform.security.Caller;
import io.sac4cps.platform.security.Roles;
import io.sac4cps.sensors.api.SensorRequests.IngestRequest;
import io.sac4cps.sensors.api.SensorRequests.IngestResult;
import io.sac4cps.sensors.api.SensorRequests.ReadingPage;
import io.sac4cps.sensors.api.SensorRequests.ReadingView;
import io.sac4cps.sensors.domain.Reading;
import io.sac4cps.sensors.domain.ReadingCheck;
import io.sac4cps.sensors.domain.ReadingInput;
import io.sac4cps.sensors.domain.Rejection;
import io.sac4cps.sensors.service.ReadingHistory;
import io.sac4cps.sensors.service.ReadingIngestion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Ingesting readings and reading a sensor's history. */
@Controller("/sensors")
public class ReadingController {
  public static final int MAX_BATCH = 1000;
  private static final int DEFAULT_PAGE = 100;
  private static final int MAX_PAGE = 1000;

  private final ReadingIngestion ingestion;
  private final ReadingHistory history;

  public ReadingController(ReadingIngestion ingestion, ReadingHistory history) {
    this.ingestion = ingestion;
    this.history = history;
  }

  /**
   * 202 with what was stored, what was already there, and why each rejected reading was refused;
   * 400 when nothing in the request could be stored.
   */
  @Post("/data")
  @Secured({Roles.ADMIN, Roles.OPERATOR, Roles.DEVICE})
  public HttpResponse<IngestResult> ingest(
      Caller caller, @Body IngestRequest request, HttpRequest<?> http) {
    boolean single =
        request.sensorId() != null || request.timestamp() != null || request.value() != null;
    if (single == (request.readings() != null)) {
      throw ProblemException.badRequest(
          "readings",
          "send either one reading {sensorId, timestamp, value} or {\"readings\": [...]}");
    }
    List<ReadingInput> inputs =
        single
            ? List.of(new ReadingInput(request.sensorId(), request.timestamp(), request.value()))
            : request.readings();
    if (inputs.isEmpty() || inputs.size() > MAX_BATCH) {
      throw ProblemException.badRequest("readings", "must hold 1 to " + MAX_BATCH + " readings");
    }
    // Readings the contract check refused (a value "7", an id with a NUL) are not used; they are
    // reported among the refusals with the contract's reason.
    Map<Integer, Problem.FieldError> refused =
        single ? Map.of() : RefusedItems.in(http, "readings");
    List<ReadingInput> usable = new ArrayList<>(inputs);
    refused.keySet().forEach(index -> usable.set(index, null));
    ReadingIngestion.Result result =
        ingestion.ingest(caller.tenantId(), usable, single ? "" : "readings");
    List<Rejection> rejected =
        result.rejected().stream()
            .map(
                r ->
                    refused.containsKey(r.index())
                        ? new Rejection(
                            r.index(),
                            inputs.get(r.index()) == null ? null : inputs.get(r.index()).sensorId(),
                            refused.get(r.index()).field(),
                            refused.get(r.index()).message())
                        : r)
            .toList();
    if (result.accepted() == 0 && result.duplicates() == 0) {
      throw ProblemException.badRequest(
          rejected.stream().map(r -> new Problem.FieldError(r.field(), r.message())).toList());
    }
    return HttpResponse.status(HttpStatus.ACCEPTED)
        .body(new IngestResult(result.accepted(), result.duplicates(), rejected));
  }

  @Get("/{id}/data")
  @Secured({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
  public ReadingPage history(
      Caller caller,
      @PathVariable String id,
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String cursor,
      @Nullable @QueryValue String order) {
    int size = Cursor.limit(limit, DEFAULT_PAGE, MAX_PAGE);
    Instant end = to == null ? null : instant("to", to);
    Instant start = from == null ? null : instant("from", from);
    ReadingHistory.Window window = history.window(start, end);
    // The contract check has vetted order (asc or desc); the cursor carries the order it pages.
    String direction = order == null ? "asc" : order;
    Instant after = null;
    if (cursor != null) {
      List<String> keys = Cursor.decode(cursor, 2);
      if (!keys.get(0).equals(direction)) {
        throw ProblemException.badRequest(
            "cursor", "pages order=" + keys.get(0) + ", not " + direction);
      }
      after = instant("cursor", keys.get(1));
    }
    List<Reading> found =
        history.page(caller.tenantId(), id, window, after, direction.equals("desc"), size + 1);
    List<ReadingView> items =
        found.stream().limit(size).map(r -> new ReadingView(r.timestamp(), r.value())).toList();
    String next =
        found.size() > size
            ? Cursor.encode(direction, items.get(size - 1).timestamp().toString())
            : null;
    return new ReadingPage(id, items, next);
  }

  private static Instant instant(String field, String text) {
    Instant parsed = ReadingCheck.parseTimestamp(text);
    if (parsed == null) {
      throw ProblemException.badRequest(
          field, "must be an RFC 3339 date-time with an offset, e.g. 2026-01-31T12:00:00Z");
    }
    return parsed;
  }
}
