package io.sac4cps.platform.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crac.CheckpointException;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.crac.RestoreException;

/**
 * The one runtime hook a function registers with the CRaC API, which SnapStart calls (decision
 * 0022): before the snapshot it runs the function's {@link Primer}s, then lets go of what must not
 * be in a snapshot (its {@code held} resources, e.g. pooled database connections); after a restore
 * it takes them back, in reverse order.
 *
 * <p>org.crac holds a registered resource weakly: whoever registers keeps the returned hooks (a
 * singleton bean, a handler field).
 */
public final class SnapshotHooks implements Resource {
  /** Off ({@code false}) skips the primers but still releases the held resources. */
  public static final String PRIMING_PROPERTY = "sac4cps.priming.enabled";

  private static final System.Logger LOG = System.getLogger(SnapshotHooks.class.getName());

  private final List<Primer> primers;
  private final List<Resource> held;
  private final boolean priming;
  private final List<String> primingFailures = new ArrayList<>();

  SnapshotHooks(List<? extends Primer> primers, List<? extends Resource> held, boolean priming) {
    this.primers = List.copyOf(primers);
    this.held = List.copyOf(held);
    this.priming = priming;
  }

  /** Registers the hooks with the global CRaC context; keep the result referenced. */
  public static SnapshotHooks register(
      List<? extends Primer> primers, List<? extends Resource> held, boolean priming) {
    SnapshotHooks hooks = new SnapshotHooks(primers, held, priming);
    Core.getGlobalContext().register(hooks);
    return hooks;
  }

  /**
   * Whether priming is on where no framework reads configuration: the system property {@value
   * #PRIMING_PROPERTY}, else the environment variable {@code SAC4CPS_PRIMING_ENABLED}; on unless
   * either says {@code false}.
   */
  public static boolean primingEnabled(Map<String, String> environment) {
    String value = System.getProperty(PRIMING_PROPERTY, environment.get("SAC4CPS_PRIMING_ENABLED"));
    return !"false".equalsIgnoreCase(value);
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) throws CheckpointException {
    if (priming) {
      for (Primer primer : primers) {
        try {
          primer.prime();
        } catch (Exception | LinkageError e) {
          // Reported, not fatal: a snapshot without priming is slower after restore, not wrong.
          String failure = primer.getClass().getName() + ": " + e;
          primingFailures.add(failure);
          LOG.log(System.Logger.Level.WARNING, "priming failed, " + failure, e);
        }
      }
    }
    CheckpointException failed = null;
    for (Resource resource : held) {
      try {
        resource.beforeCheckpoint(context);
      } catch (Exception e) {
        // Fatal: a snapshot still holding a connection would hand it to every restored instance.
        if (failed == null) {
          failed = new CheckpointException();
        }
        failed.addSuppressed(e);
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) throws RestoreException {
    RestoreException failed = null;
    for (Resource resource : held.reversed()) {
      try {
        resource.afterRestore(context);
      } catch (Exception e) {
        if (failed == null) {
          failed = new RestoreException();
        }
        failed.addSuppressed(e);
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  /** The primers' class names, in the order they run. */
  public List<String> primers() {
    return primers.stream().map(p -> p.getClass().getName()).toList();
  }

  /** What the last checkpoints' primers threw, for tests and the benchmark: empty when all ran. */
  public List<String> primingFailures() {
    return List.copyOf(primingFailures);
  }
}
