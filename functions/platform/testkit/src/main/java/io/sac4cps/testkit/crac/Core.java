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
    GLOBAL.checkpoint();
    GLOBAL.restore();
  }
}
