package io.sac4cps.tasks.service;

import io.sac4cps.platform.outbox.Outbox;
import io.sac4cps.platform.outbox.OutboxMessage;
import io.sac4cps.tasks.domain.Transition;
import io.sac4cps.tasks.events.TaskEvents;
import io.sac4cps.tasks.store.TaskStore;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores a task's change and records its events in the current transaction, whoever made it (a
 * user, an owner's report, the sweep): task.status-changed.v1, and task.cancel-requested.v1 to the
 * owner when it must stop.
 */
@Singleton
public class TaskChanges {
  private final TaskStore tasks;
  private final TaskEvents events;
  private final TaskKinds kinds;
  private final Outbox outbox;

  public TaskChanges(TaskStore tasks, TaskEvents events, TaskKinds kinds, Outbox outbox) {
    this.tasks = tasks;
    this.events = events;
    this.kinds = kinds;
    this.outbox = outbox;
  }

  /**
   * @param requestedBy who asked the owner to stop: the user, or {@code tasks} for the sweep
   */
  public void record(Transition.Changed changed, String requestedBy, Instant now) {
    tasks.update(changed.after());
    List<OutboxMessage> messages = new ArrayList<>(2);
    messages.add(events.statusChanged(changed.before(), changed.after(), now));
    if (changed.stopOwner()) {
      messages.add(
          events.cancelRequested(
              changed.after(), kinds.of(changed.after().kind()), requestedBy, now));
    }
    outbox.addAll(messages);
  }
}
