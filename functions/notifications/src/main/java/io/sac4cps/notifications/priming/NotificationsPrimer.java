package io.sac4cps.notifications.priming;

import io.sac4cps.platform.priming.PrimingRequests;
import io.sac4cps.platform.snapshot.Primer;
import jakarta.inject.Singleton;

/**
 * notifications before the SnapStart snapshot (decision 0023): the inbox, the event log and the
 * preferences through the handler for a tenant that exists nowhere, and refusals of a send and a
 * mark-read. Reads only: nothing is stored, nothing is delivered.
 */
@Singleton
class NotificationsPrimer implements Primer {
  private final PrimingRequests requests;

  NotificationsPrimer(PrimingRequests requests) {
    this.requests = requests;
  }

  @Override
  public void prime() {
    requests.get("/notifications?limit=10").expect(200);
    requests.get("/notifications?unread=true").expect(200);
    requests.get("/events?limit=10").expect(200);
    requests.get("/notifications/preferences").expect(200);
    requests.post("/notifications/priming-notification/read", "").expect(404);
    requests.post("/notifications/send", "{\"to\":{}}").expect(400);
  }
}
