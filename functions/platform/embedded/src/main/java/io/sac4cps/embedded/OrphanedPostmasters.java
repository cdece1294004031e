package io.sac4cps.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net behind {@link PostmasterWatchdog}, for when the watchdog died with its JVM (a
 * whole process group killed): before a server starts, servers whose JVM is gone are stopped. A
 * data directory's owner is alive while it holds the lock zonky takes on {@code epg-lock}; the
 * operating system releases it when the owner dies, however it dies.
 */
final class OrphanedPostmasters {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostmasters.class);

  static final String THROWAWAY_PREFIX = "sac4cps-postgres-";
  private static final Duration RECENT = Duration.ofSeconds(30);

  private OrphanedPostmasters() {}

  /** Stops the orphans among this machine's throw-away servers and deletes their data. */
  static void stopThrowaway() {
    Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
    try (DirectoryStream<Path> directories =
        Files.newDirectoryStream(temporary, THROWAWAY_PREFIX + "*")) {
      for (Path directory : directories) {
        if (stopIfOrphaned(directory)) {
          delete(directory);
        }
      }
    } catch (IOException e) {
      LOG.debug("could not look for orphaned PostgreSQL servers: {}", e.toString());
    }
  }

  /**
   * Stops the server running on this data directory if its JVM is gone.
   *
   * @return whether the directory is free (no owner alive, no server left running)
   */
  static boolean stopIfOrphaned(Path dataDirectory) {
    Path lockFile = dataDirectory.resolve("epg-lock");
    try {
      // A new lock file may not be locked yet by the JVM starting that server: leave it alone.
      if (!Files.exists(lockFile)
          || Files.getLastModifiedTime(lockFile).toInstant().isAfter(Instant.now().minus(RECENT))) {
        return false;
      }
    } catch (IOException e) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      if (lock == null) {
        return false; // its JVM is alive
      }
      postmaster(dataDirectory).ifPresent(p -> stop(p, dataDirectory));
      return true;
    } catch (OverlappingFileLockException e) {
      return false; // this JVM owns it
    } catch (IOException e) {
      LOG.debug("could not check {}: {}", dataDirectory, e.toString());
      return false;
    }
  }

  private static Optional<ProcessHandle> postmaster(Path dataDirectory) throws IOException {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().orElse("").endsWith("postgres"));
  }

  /** SIGTERM (the orphan's clients died with its JVM, so it stops at once), SIGKILL after 10 s. */
  private static void stop(ProcessHandle postmaster, Path dataDirectory) {
    LOG.warn(
        "stopping PostgreSQL {} left running on {} by a JVM that is gone",
        postmaster.pid(),
        dataDirectory);
    postmaster.destroy();
    try {
      postmaster.onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      postmaster.destroyForcibly();
    }
  }

  private static void delete(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      LOG.debug("could not delete {}: {}", directory, e.toString());
    }
  }
}
