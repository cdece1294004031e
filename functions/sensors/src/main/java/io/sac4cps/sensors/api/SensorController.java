package io.sac4cps.sensors.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.sac4cps.platform.paging.Cursor;
import io.sac4cps.platform.paging.Page;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.platform.security.Caller;
import io.sac4cps.platform.security.Roles;
import io.sac4cps.sensors.api.SensorRequests.CreateSensor;
import io.sac4cps.sensors.api.SensorRequests.SensorView;
import io.sac4cps.sensors.domain.Sensor;
import io.sac4cps.sensors.domain.SensorType;
import io.sac4cps.sensors.service.Sensors;
import java.net.URI;

/** Registering and listing a tenant's sensors. */
@Controller("/sensors")
public class SensorController {
  private static final int DEFAULT_PAGE = 50;
  private static final int MAX_PAGE = 200;

  private final Sensors sensors;

  public SensorController(Sensors sensors) {
    this.sensors = sensors;
  }

  @Post
  @Secured({Roles.ADMIN, Roles.OPERATOR})
  public HttpResponse<SensorView> create(Caller caller, @Body CreateSensor request) {
    // The contract check (platform's ContractRequestFilter) has vetted every field.
    SensorType type = SensorType.fromWire(request.type()).orElseThrow();
    Sensor sensor =
        sensors.register(
            caller.tenantId(),
            request.id(),
            request.roomId(),
            type,
            request.unit(),
            request.name());
    return HttpResponse.created(SensorView.of(sensor), URI.create("/sensors/" + sensor.id()));
  }

  @Get
  @Secured({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
  public Page<SensorView> list(
      Caller caller,
      @Nullable @QueryValue String roomId,
      @Nullable @QueryValue String type,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String cursor) {
    int size = Cursor.limit(limit, DEFAULT_PAGE, MAX_PAGE);
    if (type != null && SensorType.fromWire(type).isEmpty()) {
      throw ProblemException.badRequest("type", "must be one of " + SensorType.allowed());
    }
    String after = cursor == null ? null : Cursor.decode(cursor, 1).get(0);
    return Page.of(
        sensors.list(caller.tenantId(), roomId, type, after, size + 1),
        size,
        SensorView::of,
        SensorView::id);
  }

  @Get("/{id}")
  @Secured({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
  public SensorView get(Caller caller, @PathVariable String id) {
    return sensors
        .find(caller.tenantId(), id)
        .map(SensorView::of)
        .orElseThrow(() -> ProblemException.notFound("Sensor", id));
  }
}
