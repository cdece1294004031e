package io.sac4cps.testkit.crac;

import java.util.ArrayList;
import java.util.List;

/** The global context: holds the registered resources and runs them in CRaC's order. */
public class Context<R extends Resource> {
  private final List<R> resources = new ArrayList<>();

  public synchronized void register(R resource) {
    resources.add(resource);
  }

  synchronized void checkpoint() throws CheckpointException {
    CheckpointException failed = null;
    for (R resource : resources.reversed()) {
      try {
        resource.beforeCheckpoint(this);
      } catch (Exception e) {
        failed = failed == null ? new CheckpointException() : failed;
        failed.addSuppressed(e);
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  synchronized void restore() throws RestoreException {
    RestoreException failed = null;
    for (R resource : resources) {
      try {
        resource.afterRestore(this);
      } catch (Exception e) {
        failed = failed == null ? new RestoreException() : failed;
        failed.addSuppressed(e);
      }
    }
    if (failed != null) {
      throw failed;
    }
  }
}
