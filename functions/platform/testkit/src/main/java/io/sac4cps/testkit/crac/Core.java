package io.sac4cps.testkit.crac;

/** The entry points org.crac calls: the global context, and checkpoint-then-restore. */
public final class Core {
  private static final Context<Resource> GLOBAL = new Context<>();

  private Core() {}

  public static Context<Resource> getGlobalContext() {
    return GLOBAL;
  }

  /**
   * Every registered resource's {@code beforeCheckpoint}, then (if all ran) {@code afterRestore}.
   */
  public static void checkpointRestore() throws CheckpointException, RestoreException {
    checkpoint();
    restore();
  }

  /**
   * The first half of {@link #checkpointRestore}: every registered {@code beforeCheckpoint}, for a
   * caller that times the two halves apart (the cold-start benchmark).
   */
  public static void checkpoint() throws CheckpointException {
    GLOBAL.checkpoint();
  }

  /** The second half: every registered {@code afterRestore}, what a restored instance runs. */
  public static void restore() throws RestoreException {
    GLOBAL.restore();
  }
}
