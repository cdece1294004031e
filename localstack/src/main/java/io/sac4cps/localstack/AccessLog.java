package io.sac4cps.localstack;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway's access log: one JSON line per request, as the CDK app's, appended to a file. */
final class AccessLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);

  private final Path file;
  private final BufferedWriter writer;

  private AccessLog(Path file, BufferedWriter writer) {
    this.file = file;
    this.writer = writer;
  }

  static AccessLog open(Path file) {
    try {
      Files.createDirectories(file.getParent());
      return new AccessLog(
          file,
          Files.newBufferedWriter(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND,
              StandardOpenOption.WRITE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the access log " + file, e);
    }
  }

  Path file() {
    return file;
  }

  synchronized void write(String line) {
    try {
      writer.write(line);
      writer.newLine();
      writer.flush();
    } catch (IOException e) {
      LOG.debug("access log: {}", e.toString());
    }
  }

  @Override
  public synchronized void close() {
    FunctionFleet.closeQuietly(writer);
  }
}
