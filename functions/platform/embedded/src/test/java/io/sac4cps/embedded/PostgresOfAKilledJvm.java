package io.sac4cps.embedded;

/**
 * The child JVM of {@link EmbeddedPostgresWatchdogIT}: starts an embedded PostgreSQL, says so, and
 * waits to be killed.
 */
public final class PostgresOfAKilledJvm {
  static final String READY = "postgres started on port ";

  private PostgresOfAKilledJvm() {}

  public static void main(String[] args) throws InterruptedException {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
    System.out.println(READY + server.port());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
