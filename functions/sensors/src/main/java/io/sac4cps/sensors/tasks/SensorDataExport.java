package io.sac4cps.sensors.tasks;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.sac4cps.platform.storage.ObjectKey;
import io.sac4cps.platform.storage.ObjectStorage;
import io.sac4cps.platform.storage.StoredObject;
import io.sac4cps.platform.storage.UploadedPart;
import io.sac4cps.platform.tasks.TaskContext;
import io.sac4cps.platform.tasks.TaskRejected;
import io.sac4cps.platform.tasks.TaskResult;
import io.sac4cps.platform.tasks.TaskRunner;
import io.sac4cps.sensors.store.ReadingExportStore;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code sensor-data-export}: the readings of one sensor ({@code sensorId}), a room's sensors
 * ({@code roomId}) or the whole tenant from {@code from} (inclusive) to {@code to} (exclusive), as
 * CSV or JSON Lines ({@code format}), streamed from PostgreSQL a keyset page at a time into a
 * multipart upload: memory holds one part, whatever the export's size.
 *
 * <p>The checkpoint is the upload id, the parts S3 acknowledged and the last reading they hold: a
 * resumed run (a continuation, a crash, a retry) starts after it and rewrites only the part that
 * was not uploaded, so no reading appears twice. A cancel or a final failure aborts the upload.
 */
@Singleton
@Requires(classes = software.amazon.awssdk.services.s3.S3Client.class)
public class SensorDataExport implements TaskRunner {
  public static final String KIND = "sensor-data-export";

  private final ReadingExportStore readings;
  private final int partBytes;
  private final int pageRows;
  private final int rowsPerSecond;

  /**
   * @param rowsPerSecond a cap on how fast one run reads readings (0: none), so that a large export
   *     leaves a small database to the ingest; the end-to-end suite sets a low one so that an
   *     export lasts long enough to be cancelled mid-run on any machine
   */
  public SensorDataExport(
      ReadingExportStore readings,
      @Value("${sac4cps.sensors.export.part-bytes:8388608}") int partBytes,
      @Value("${sac4cps.sensors.export.page-rows:20000}") int pageRows,
      @Value("${sac4cps.sensors.export.rows-per-second:0}") int rowsPerSecond) {
    if (partBytes < ObjectStorage.MIN_PART_BYTES) {
      throw new IllegalArgumentException("S3 parts but the last are at least 5 MiB: " + partBytes);
    }
    this.readings = readings;
    this.partBytes = partBytes;
    this.pageRows = pageRows;
    this.rowsPerSecond = rowsPerSecond;
  }

  /** Where an export is: what S3 holds of it, and the readings that went into it. */
  @Serdeable
  record Checkpoint(
      String uploadId,
      List<UploadedPart> parts,
      @Nullable String lastSensorId,
      @Nullable Instant lastTimestamp,
      long rows,
      long total) {

    Checkpoint {
      // Serde leaves an empty list out of the JSON.
      parts = parts == null ? List.of() : List.copyOf(parts);
    }

    @Nullable
    ReadingExportStore.Key last() {
      return lastSensorId == null ? null : new ReadingExportStore.Key(lastSensorId, lastTimestamp);
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public TaskResult run(TaskContext task) {
    Map<String, Object> params = task.params();
    ExportFormat format = ExportFormat.of(params.get("format"));
    Instant from = instant(params, "from");
    Instant to = instant(params, "to");
    ReadingExportStore.Scope scope =
        new ReadingExportStore.Scope(text(params, "sensorId"), text(params, "roomId"));
    ObjectKey key = task.outputKey("readings." + format.extension);
    ObjectStorage storage = task.reports();

    Checkpoint saved =
        task.checkpoint(Checkpoint.class)
            .orElseGet(
                () -> {
                  long total = readings.count(task.tenantId(), scope, from, to);
                  Checkpoint first =
                      new Checkpoint(
                          storage.startMultipart(key, format.contentType),
                          List.of(),
                          null,
                          null,
                          0,
                          total);
                  task.checkpoint(first);
                  return first;
                });
    Part part = new Part(saved, format);
    if (saved.parts().isEmpty()) {
      part.write(format.header);
    }
    ReadingExportStore.Key after = saved.last();
    long startedAt = System.nanoTime();
    long rowsBefore = part.rows;
    while (true) {
      StringBuilder rows = new StringBuilder(1024);
      int partsBefore = part.committed.parts().size();
      // Inside the page's read transaction: S3 only, no task state (that is written outside).
      ReadingExportStore.Key last =
          readings.page(
              task.tenantId(),
              scope,
              from,
              to,
              after,
              pageRows,
              (sensorId, timestamp, value) -> {
                format.row(rows, sensorId, timestamp, value);
                part.rows++;
                part.lastSensorId = sensorId;
                part.lastTimestamp = timestamp;
                if (rows.length() > 64 * 1024) {
                  part.write(rows);
                  rows.setLength(0);
                }
                if (part.full()) {
                  part.write(rows);
                  rows.setLength(0);
                  part.upload(storage, key);
                }
              });
      part.write(rows);
      if (last == null) {
        break;
      }
      after = last;
      task.progress(part.rows, part.committed.total(), null);
      pace(part.rows - rowsBefore, startedAt);
      // Resumable from the last uploaded part only (what is buffered is not durable): checkpoint
      // when a part went up, which is also where a run short of time hands over. A cancel is
      // looked for after every page (well under a second).
      if (part.committed.parts().size() > partsBefore || task.isCancelled()) {
        task.checkpoint(part.committed);
      }
    }
    StoredObject stored = part.complete(storage, key);
    return TaskResult.withFile(String.format("%,d readings", part.rows), stored);
  }

  @Override
  public void discard(TaskContext task) {
    task.checkpoint(Checkpoint.class)
        .ifPresent(
            c -> {
              String extension = ExportFormat.of(task.params().get("format")).extension;
              task.reports().abortMultipart(task.outputKey("readings." + extension), c.uploadId());
            });
  }

  /**
   * Waits until {@code rows} are no more than {@link #rowsPerSecond} allows since {@code since}.
   */
  private void pace(long rows, long since) {
    if (rowsPerSecond <= 0) {
      return;
    }
    long ahead = rows * 1_000_000_000L / rowsPerSecond - (System.nanoTime() - since);
    if (ahead > 0) {
      try {
        Thread.sleep(Duration.ofNanos(ahead));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("export interrupted", e);
      }
    }
  }

  /** The part being filled, and what the uploaded ones hold. */
  private final class Part {
    final ByteArrayOutputStream buffer = new ByteArrayOutputStream(partBytes + 128 * 1024);
    final ExportFormat format;
    Checkpoint committed;
    long rows;
    String lastSensorId;
    Instant lastTimestamp;

    Part(Checkpoint committed, ExportFormat format) {
      this.committed = committed;
      this.format = format;
      this.rows = committed.rows();
      this.lastSensorId = committed.lastSensorId();
      this.lastTimestamp = committed.lastTimestamp();
    }

    void write(CharSequence text) {
      if (!text.isEmpty()) {
        buffer.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
      }
    }

    boolean full() {
      return buffer.size() >= partBytes;
    }

    void upload(ObjectStorage storage, ObjectKey key) {
      List<UploadedPart> parts = new ArrayList<>(committed.parts());
      byte[] bytes = buffer.toByteArray();
      parts.add(
          storage.uploadPart(key, committed.uploadId(), parts.size() + 1, bytes, bytes.length));
      buffer.reset();
      committed =
          new Checkpoint(
              committed.uploadId(),
              List.copyOf(parts),
              lastSensorId,
              lastTimestamp,
              rows,
              committed.total());
    }

    StoredObject complete(ObjectStorage storage, ObjectKey key) {
      if (committed.parts().isEmpty() && buffer.size() == 0) {
        // Nothing at all (JSON Lines of no readings): S3 completes no upload without a part.
        storage.abortMultipart(key, committed.uploadId());
        return storage.put(key, new byte[0], format.contentType);
      }
      if (buffer.size() > 0 || committed.parts().isEmpty()) {
        upload(storage, key);
      }
      return storage.completeMultipart(
          key, committed.uploadId(), committed.parts(), format.contentType);
    }
  }

  private static Instant instant(Map<String, Object> params, String name) {
    Object value = params.get(name);
    if (!(value instanceof String text)) {
      throw new TaskRejected(name + " is required (an RFC 3339 time)");
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new TaskRejected(name + " is not an RFC 3339 time: " + text);
    }
  }

  private static @Nullable String text(Map<String, Object> params, String name) {
    Object value = params.get(name);
    return value instanceof String text && !text.isBlank() ? text : null;
  }
}
