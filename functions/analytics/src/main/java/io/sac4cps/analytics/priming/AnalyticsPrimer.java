package io.sac4cps.analytics.priming;

import io.sac4cps.platform.priming.PrimingRequests;
import io.sac4cps.platform.snapshot.Primer;
import jakarta.inject.Singleton;

/**
 * analytics before the SnapStart snapshot (decision 0023): both routes through the handler for a
 * tenant that exists nowhere (an empty summary; an unknown building or room is a 404) and a
 * refusal. Reads only.
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
  }
}
