package io.sac4cps.analytics.api;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.security.annotation.Secured;
import io.sac4cps.analytics.domain.ReportParams;
import io.sac4cps.analytics.domain.ReportSpec;
import io.sac4cps.analytics.service.Reports;
import io.sac4cps.platform.problem.FieldChecks;
import io.sac4cps.platform.problem.ProblemException;
import io.sac4cps.platform.security.Caller;
import io.sac4cps.platform.security.Roles;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** Reports (PDF or CSV) generated as tasks of kind {@value Reports#KIND}. */
@Controller("/analytics/reports")
public class ReportController {
  private final Reports reports;
  private final JsonMapper json;

  public ReportController(Reports reports, JsonMapper json) {
    this.reports = reports;
    this.json = json;
  }

  @Post
  @Secured({Roles.ADMIN, Roles.OPERATOR})
  public HttpResponse<ReportView> create(Caller caller, @Body JsonNode body) {
    FieldChecks checks = new FieldChecks();
    ReportSpec spec = ReportParams.parse(object(body), reports.maxPeriodDays(), checks::fail);
    checks.orThrow();
    Reports.ReportState created = reports.create(caller.tenantId(), caller.subject(), spec);
    return HttpResponse.<ReportView>status(HttpStatus.ACCEPTED)
        .body(ReportView.of(created))
        .headers(h -> h.location(URI.create("/analytics/reports/" + created.report().id())));
  }

  @Get("/{id}")
  @Secured({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
  public ReportView report(Caller caller, @PathVariable String id) {
    return reports
        .find(caller.tenantId(), id)
        .map(ReportView::of)
        .orElseThrow(() -> ProblemException.notFound("Report", id));
  }

  private Map<String, Object> object(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ProblemException.badRequest("body", "must be a JSON object");
    }
    try {
      return json.readValueFromTree(body, Argument.mapOf(String.class, Object.class));
    } catch (IOException e) {
      throw ProblemException.badRequest("body", "must be a JSON object");
    }
  }
}
