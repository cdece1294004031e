package io.sac4cps.notifications.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.sac4cps.notifications.service.EventLog;
import io.sac4cps.notifications.store.EventLogStore;
import io.sac4cps.platform.paging.Cursor;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.platform.security.Caller;
import io.sac4cps.platform.security.Roles;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** GET /events: the tenant's event log, newest first, each event as published. */
@Controller("/events")
public class EventController {
  private static final int DEFAULT_PAGE = 50;
  private static final int MAX_PAGE = 100;
  private static final Pattern TYPE = Pattern.compile("^[a-z0-9]+(\\.[a-z0-9-]+)*\\.v[0-9]+$");
  private static final int MAX_TYPE = 128;

  private final EventLog log;

  public EventController(EventLog log) {
    this.log = log;
  }

  @Get
  @Secured({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
  public HttpResponse<String> list(
      Caller caller,
      @Nullable @QueryValue String type,
      @Nullable @QueryValue String since,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String cursor) {
    if (type != null && (type.length() > MAX_TYPE || !TYPE.matcher(type).matches())) {
      throw ProblemException.badRequest(
          "type", "must be a versioned event type, e.g. alert.raised.v1");
    }
    Instant from = null;
    if (since != null) {
      try {
        from = Instant.parse(since);
      } catch (DateTimeParseException e) {
        throw ProblemException.badRequest("since", "must be an RFC 3339 date-time");
      }
    }
    int size = Cursor.limit(limit, DEFAULT_PAGE, MAX_PAGE);
    Instant beforeTime = null;
    String beforeId = null;
    if (cursor != null) {
      List<String> keys = Cursor.decode(cursor, 2);
      beforeTime = NotificationController.instant(keys.get(0));
      beforeId = keys.get(1);
    }
    List<EventLogStore.Entry> fetched =
        log.page(caller.tenantId(), type, from, beforeTime, beforeId, size + 1);
    List<EventLogStore.Entry> items = fetched.stream().limit(size).toList();
    String next = null;
    if (fetched.size() > size) {
      EventLogStore.Entry last = items.get(size - 1);
      next = Cursor.encode(last.time().toString(), last.id());
    }
    // The events are JSON already, stored as published: joined, not parsed and written again.
    String body =
        "{\"items\":["
            + items.stream().map(EventLogStore.Entry::json).collect(Collectors.joining(","))
            + "],\"nextCursor\":"
            + (next == null ? "null" : "\"" + next + "\"")
            + "}";
    return HttpResponse.ok(body).contentType(MediaType.APPLICATION_JSON_TYPE);
  }
}
