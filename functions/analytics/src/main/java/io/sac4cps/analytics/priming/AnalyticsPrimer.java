package io.sac4cps.analytics.priming;

import io.sac4cps.analytics.tasks.AnalyticsReport;
import io.sac4cps.platform.priming.PrimingRequests;
import io.sac4cps.platform.snapshot.Primer;
import jakarta.inject.Singleton;

/**
 * analytics before the SnapStart snapshot (decision 0023): every route through the handler for a
 * tenant that exists nowhere (an empty summary; an unknown building, room or report is a 404) and
 * refusals. Reads only: a report for an unknown building is refused before anything is written, and
 * the PDF renderer is primed on an empty report without storing it.
 */
@Singleton
class AnalyticsPrimer implements Primer {
  private final PrimingRequests requests;

  AnalyticsPrimer(PrimingRequests requests) {
    this.requests = requests;
  }

  @Override
  public void prime() {
    requests.get("/analytics/summary").expect(200);
    requests.get("/analytics/summary?building=Priming").expect(404);
    requests
        .get("/analytics/trends?metric=temperature&roomId=priming-room&interval=1h&agg=avg,max")
        .expect(404);
    requests.get("/analytics/trends?metric=nope").expect(400);
    requests
        .post(
            "/analytics/reports",
            "{\"kind\":\"building-summary\",\"building\":\"Priming\","
                + "\"from\":\"2025-01-01T00:00:00Z\",\"to\":\"2025-01-02T00:00:00Z\"}")
        .expect(404);
    requests.post("/analytics/reports", "{\"kind\":\"nope\"}").expect(400);
    requests.get("/analytics/reports/priming-report").expect(404);
    // PDFBox's classes and the fonts' metrics load here rather than in the first report (0042).
    AnalyticsReport.renderEmpty();
  }
}
