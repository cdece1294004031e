package io.sac4cps.notifications.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.security.annotation.Secured;
import io.sac4cps.notifications.api.NotificationViews.DeliveryView;
import io.sac4cps.notifications.api.NotificationViews.MarkedRead;
import io.sac4cps.notifications.api.NotificationViews.NotificationPage;
import io.sac4cps.notifications.api.NotificationViews.NotificationSent;
import io.sac4cps.notifications.api.NotificationViews.NotificationView;
import io.sac4cps.notifications.domain.Notification;
import io.sac4cps.notifications.service.Inbox;
import io.sac4cps.notifications.service.Sending;
import io.sac4cps.platform.paging.Cursor;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.platform.security.Caller;
import io.sac4cps.platform.security.Roles;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The caller's inbox, marking it read, and sending to users of the tenant. */
@Controller("/notifications")
public class NotificationController {
  private static final int DEFAULT_PAGE = 50;
  private static final int MAX_PAGE = 100;

  private final Inbox inbox;
  private final Sending sending;

  public NotificationController(Inbox inbox, Sending sending) {
    this.inbox = inbox;
    this.sending = sending;
  }

  @Get
  @Secured({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
  public NotificationPage list(
      Caller caller,
      @Nullable @QueryValue Boolean unread,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String cursor) {
    int size = Cursor.limit(limit, DEFAULT_PAGE, MAX_PAGE);
    Instant beforeTime = null;
    String beforeId = null;
    if (cursor != null) {
      List<String> keys = Cursor.decode(cursor, 2);
      beforeTime = instant(keys.get(0));
      beforeId = keys.get(1);
    }
    Inbox.Page page =
        inbox.page(
            caller.tenantId(),
            caller.subject(),
            Boolean.TRUE.equals(unread),
            beforeTime,
            beforeId,
            size + 1);
    List<Notification> items = page.fetched().stream().limit(size).toList();
    String next = null;
    if (page.fetched().size() > size) {
      Notification last = items.get(size - 1);
      next = Cursor.encode(last.createdAt().toString(), last.id());
    }
    return new NotificationPage(
        items.stream().map(NotificationView::of).toList(), next, page.unreadCount());
  }

  @Post("/read")
  @Secured({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
  public MarkedRead markAllRead(Caller caller) {
    Inbox.Marked marked = inbox.markAllRead(caller.tenantId(), caller.subject());
    return new MarkedRead(marked.marked(), marked.unreadCount());
  }

  @Post("/{id}/read")
  @Secured({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
  public NotificationView markRead(Caller caller, @PathVariable String id) {
    return NotificationView.of(inbox.markRead(caller.tenantId(), caller.subject(), id));
  }

  @Post("/send")
  @Secured({Roles.ADMIN, Roles.OPERATOR})
  public HttpResponse<NotificationSent> send(Caller caller, @Body JsonNode body) {
    SendBody request = SendBody.parse(body);
    Sending.Sent sent =
        sending.send(caller.tenantId(), request.to(), request.channels(), request.message());
    return HttpResponse.accepted()
        .body(
            new NotificationSent(
                sent.id(),
                sent.message().title(),
                sent.message().body(),
                sent.message().severity().wireName(),
                sent.createdAt(),
                sent.deliveries().stream().map(DeliveryView::of).toList()));
  }

  static Instant instant(String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ProblemException.badRequest("cursor", "is not a cursor this API returned");
    }
  }
}
