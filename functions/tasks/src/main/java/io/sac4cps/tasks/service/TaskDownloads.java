package io.sac4cps.tasks.service;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.sac4cps.contracts.wiring.Bucket;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.platform.storage.Buckets;
import io.sac4cps.platform.storage.ObjectKey;
import io.sac4cps.platform.storage.ObjectStorage;
import io.sac4cps.platform.storage.PresignedUrl;
import io.sac4cps.tasks.domain.ResultFile;
import io.sac4cps.tasks.domain.Task;
import io.sac4cps.tasks.domain.TaskStatus;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Presigned GET URLs of succeeded tasks' result files in the private bucket {@value #BUCKET}, for
 * the task's own tenant only (the object key is built from the task's tenant). A file past the
 * bucket's {@code expireAfterDays} is gone: no URL.
 */
@Singleton
public class TaskDownloads {
  static final String BUCKET = "reports";

  private final BeanProvider<Buckets> buckets;
  private final Clock clock;
  private final Duration validFor;
  private final Duration kept;
  private volatile ObjectStorage storage;

  public TaskDownloads(
      BeanProvider<Buckets> buckets,
      Wiring wiring,
      Clock clock,
      @Value("${tasks.download.valid-for:15m}") Duration validFor) {
    this.buckets = buckets;
    this.clock = clock;
    this.validFor = validFor;
    this.kept =
        Duration.ofDays(
            wiring.buckets().stream()
                .filter(b -> b.name().equals(BUCKET))
                .findFirst()
                .map(Bucket::expireAfterDays)
                .orElseThrow(
                    () -> new IllegalStateException("no bucket " + BUCKET + " in wiring")));
  }

  /**
   * A URL of the task's file, valid for {@code tasks.download.valid-for}, while the file is kept.
   */
  public Optional<PresignedUrl> link(Task task) {
    if (task.status() != TaskStatus.SUCCEEDED
        || task.result() == null
        || task.result().file() == null
        || task.finishedAt().plus(kept).isBefore(clock.instant())) {
      return Optional.empty();
    }
    ResultFile file = task.result().file();
    return Optional.of(
        storage().presignedGet(ObjectKey.of(task.tenantId(), file.name()), validFor));
  }

  private ObjectStorage storage() {
    if (storage == null) {
      storage = buckets.get().named(BUCKET);
    }
    return storage;
  }
}
