package io.sac4cps.testkit.crac;

/** What org.crac wraps each registered resource in (a proxy of this interface). */
public interface Resource {
  void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

  void afterRestore(Context<? extends Resource> context) throws Exception;
}
