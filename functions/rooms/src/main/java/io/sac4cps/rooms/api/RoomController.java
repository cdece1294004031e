package io.sac4cps.rooms.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.security.annotation.Secured;
import io.sac4cps.platform.paging.Cursor;
import io.sac4cps.platform.paging.Page;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.platform.security.Caller;
import io.sac4cps.platform.security.Roles;
import io.sac4cps.rooms.api.RoomViews.CreateRoom;
import io.sac4cps.rooms.api.RoomViews.RoomThresholdsView;
import io.sac4cps.rooms.api.RoomViews.RoomView;
import io.sac4cps.rooms.domain.Limits;
import io.sac4cps.rooms.domain.Metric;
import io.sac4cps.rooms.domain.Room;
import io.sac4cps.rooms.service.Rooms;
import io.sac4cps.rooms.service.ThresholdReplacement;
import java.net.URI;
import java.util.Map;

/** Creating, listing and reading a tenant's rooms, and replacing their thresholds. */
@Controller("/rooms")
public class RoomController {
  private static final int DEFAULT_PAGE = 50;
  private static final int MAX_PAGE = 100;

  private final Rooms rooms;
  private final ThresholdReplacement thresholds;

  public RoomController(Rooms rooms, ThresholdReplacement thresholds) {
    this.rooms = rooms;
    this.thresholds = thresholds;
  }

  @Post
  @Secured({Roles.ADMIN, Roles.OPERATOR})
  public HttpResponse<RoomView> create(Caller caller, @Body CreateRoom request) {
    // The contract check (platform's ContractRequestFilter) has vetted every field.
    Room room =
        rooms.create(
            caller.tenantId(),
            request.name(),
            request.building(),
            request.floor(),
            request.areaM2(),
            request.capacity());
    return HttpResponse.created(RoomView.of(room), URI.create("/rooms/" + room.id()));
  }

  @Get
  @Secured({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
  public Page<RoomView> list(
      Caller caller,
      @Nullable @QueryValue String building,
      @Nullable @QueryValue Integer floor,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String cursor) {
    int size = Cursor.limit(limit, DEFAULT_PAGE, MAX_PAGE);
    String after = cursor == null ? null : Cursor.decode(cursor, 1).get(0);
    return Page.of(
        rooms.list(caller.tenantId(), building, floor, after, size + 1),
        size,
        RoomView::of,
        RoomView::id);
  }

  @Get("/{id}")
  @Secured({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
  public RoomView get(Caller caller, @PathVariable String id) {
    return rooms
        .find(caller.tenantId(), id)
        .map(RoomView::of)
        .orElseThrow(() -> ProblemException.notFound("Room", id));
  }

  @Put("/{id}/thresholds")
  @Secured({Roles.ADMIN, Roles.OPERATOR})
  public RoomThresholdsView replaceThresholds(
      Caller caller, @PathVariable String id, @Body JsonNode body) {
    Map<Metric, Limits> limits = ThresholdsBody.parse(body);
    ThresholdReplacement.Replaced replaced = thresholds.replace(caller.tenantId(), id, limits);
    Room room = replaced.room();
    return new RoomThresholdsView(
        room.id(), RoomViews.thresholds(room.thresholds()), replaced.updatedAt());
  }
}
