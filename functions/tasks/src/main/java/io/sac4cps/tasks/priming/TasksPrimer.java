package io.sac4cps.tasks.priming;

import io.sac4cps.platform.priming.PrimingRequests;
import io.sac4cps.platform.snapshot.Primer;
import jakarta.inject.Singleton;

/**
 * tasks before the SnapStart snapshot (decision 0023): every route through the handler for a tenant
 * that exists nowhere, and the refusals of a create (a body the contract forbids, a planned kind).
 * Nothing is created, nothing is sent.
 */
@Singleton
class TasksPrimer implements Primer {
  private final PrimingRequests requests;

  TasksPrimer(PrimingRequests requests) {
    this.requests = requests;
  }

  @Override
  public void prime() {
    requests.get("/tasks?limit=10").expect(200);
    requests.get("/tasks?status=running&kind=sensor-data-export").expect(200);
    requests.get("/tasks/priming-task").expect(404);
    requests.get("/tasks/priming-task/download").expect(404);
    requests.put("/tasks/priming-task/cancel", "").expect(404);
    requests.post("/tasks", "{\"kind\":\"sensor-data-export\",\"params\":{}}").expect(400);
  }
}
