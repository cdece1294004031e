package io.sac4cps.testkit.bench;

import io.sac4cps.platform.outbox.BackgroundPublishing;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time of the consumer's thread (with the outbox's publisher thread, which publishes the
 * consumer's events after each commit: {@link BackgroundPublishing#THREAD}) and of its PostgreSQL
 * server (the postmaster listening on the datasource's port and its backends), summed over the
 * timed spans: on a busy machine the wall-clock rate says more about the neighbours than about the
 * consumer, its CPU cost does not. The consumer waits for each statement, so on an idle core
 * readings/s approaches readings per CPU second. An external server's CPU is not visible: 0. For
 * the consumer benchmarks ({@code -Pbench}).
 */
public final class ConsumerCpu {
  private final int port;
  private double jvm;
  private double database;
  private double[] started;

  private ConsumerCpu(int port) {
    this.port = port;
  }

  /** For the PostgreSQL server of {@code jdbcUrl} ({@code jdbc:postgresql://host:port/db}). */
  public static ConsumerCpu of(String jdbcUrl) {
    Matcher m = Pattern.compile("//[^:/]+:(\\d+)/").matcher(jdbcUrl);
    if (!m.find()) {
      throw new IllegalStateException("no port in " + jdbcUrl);
    }
    return new ConsumerCpu(Integer.parseInt(m.group(1)));
  }

  public void start() {
    started = seconds();
  }

  public void stop() {
    double[] now = seconds();
    jvm += now[0] - started[0];
    database += now[1] - started[1];
  }

  /**
   * CPU seconds of the thread that called start/stop and of the outbox's publisher thread, over the
   * timed spans.
   */
  public double jvm() {
    return jvm;
  }

  /** CPU seconds of the PostgreSQL server and its backends, over the timed spans. */
  public double database() {
    return database;
  }

  private double[] seconds() {
    // The thread that runs the handler: the JIT's threads are not the consumer.
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double thread = threads.getCurrentThreadCpuTime() / 1e9;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().equals(BackgroundPublishing.THREAD)) {
        thread += Math.max(0, threads.getThreadCpuTime(info.getThreadId())) / 1e9;
      }
    }
    double server = 0;
    Optional<ProcessHandle> postmaster =
        ProcessHandle.allProcesses()
            .filter(
                p ->
                    p.info()
                        .commandLine()
                        .filter(c -> c.contains("bin/postgres") && c.contains("-p " + port + " "))
                        .isPresent())
            .findFirst();
    if (postmaster.isPresent()) {
      server += processCpu(postmaster.get());
      for (ProcessHandle backend : postmaster.get().children().toList()) {
        server += processCpu(backend);
      }
    }
    return new double[] {thread, server};
  }

  /** utime + stime from /proc (fields 14 and 15 of stat, in USER_HZ ticks of 1/100 s). */
  private static double processCpu(ProcessHandle process) {
    try {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    } catch (java.io.IOException | RuntimeException e) {
      return 0; // a backend that ended meanwhile
    }
  }

  /** The 1, 5 and 15 minute load averages, for printing next to a figure. */
  public static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
