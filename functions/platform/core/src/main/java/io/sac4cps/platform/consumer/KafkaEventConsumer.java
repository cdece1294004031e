package io.sac4cps.platform.consumer;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.TransactionOperations;
import io.opentelemetry.api.trace.Span;
import io.sac4cps.platform.outbox.Outbox;
import io.sac4cps.platform.telemetry.Metric;
import io.sac4cps.platform.telemetry.Metrics;
import io.sac4cps.platform.telemetry.TraceContext;
import io.sac4cps.platform.telemetry.Tracing;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Lambda {@link KafkaEvent} batch through an {@link EventProjection}:
 *
 * <ol>
 *   <li>decodes every record (base64 value → CloudEvent JSON → the projection's type); a record
 *       that fails with {@link PoisonRecordException} is set aside;
 *   <li>in one transaction, claims the event ids in {@code processed_event} and applies only those
 *       never applied before, so a redelivered batch changes nothing;
 *   <li>when that transaction fails for a reason that is not transient ({@link TransientFailure}),
 *       bisects the batch to find the events that fail alone and applies the rest;
 *   <li>sends the poison records to the projection's dead-letter queue with their reason.
 * </ol>
 *
 * What the projection records in the outbox is published after each commit on the outbox's
 * publisher thread ({@link Outbox#publishingInBackground}), so a full batch (records wait behind
 * it) returns while its events are published and the next batch overlaps that publish; a batch that
 * is not full waits for it, so an idle consumer leaves nothing in flight (decision 0075).
 *
 * <p>Poison records never block the partition; a transient failure (database down, a deadlock, the
 * dead-letter queue unreachable) throws, so Lambda redelivers the whole batch (without limit of
 * attempts, bounded by the records' age: decision 0059) and the dedupe makes that safe. A handler
 * is a few lines:
 *
 * <pre>{@code
 * public class SensorReadingsHandler extends MicronautRequestHandler<KafkaEvent, String> {
 *   @Inject KafkaEventConsumer consumer;
 *   @Inject RoomMetricsProjection projection;
 *
 *   public String execute(KafkaEvent event) {
 *     return consumer.consume(event, projection).toString();
 *   }
 * }
 * }</pre>
 */
@Singleton
@Requires(classes = software.amazon.awssdk.services.sqs.SqsClient.class)
public class KafkaEventConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaEventConsumer.class);
  private final CloudEventReader reader;
  private final ProcessedEvents processed;
  private final DeadLetterQueue deadLetters;
  private final TransactionOperations<Connection> transactions;
  private final Tracing tracing;
  private final Metrics metrics;
  private final Outbox outbox;

  public KafkaEventConsumer(
      CloudEventReader reader,
      ProcessedEvents processed,
      DeadLetterQueue deadLetters,
      TransactionOperations<Connection> transactions,
      Tracing tracing,
      Metrics metrics,
      Outbox outbox) {
    this.outbox = outbox;
    this.tracing = tracing;
    this.metrics = metrics;
    this.reader = reader;
    this.processed = processed;
    this.deadLetters = deadLetters;
    this.transactions = transactions;
  }

  public <T> KafkaBatchResult consume(KafkaEvent event, EventProjection<T> projection) {
    boolean caughtUp = true;
    try {
      List<KafkaRecord> records = KafkaRecord.listOf(event);
      caughtUp = records.size() < projection.batchSize();
      return outbox.publishingInBackground(() -> consumeBatch(records, projection));
    } finally {
      if (caughtUp) {
        // Caught up: the invocation may be the last for a while, and Lambda freezes what runs
        // after it returns. A full batch's next invocation follows at once (and waits for this
        // publish before its own); a publish frozen anyway holds its rows at most the outbox's
        // hold timeout, then the scheduled relay publishes them.
        outbox.awaitBackgroundPublishes();
      }
      tracing.invocationEnded();
    }
  }

  private <T> KafkaBatchResult consumeBatch(
      List<KafkaRecord> records, EventProjection<T> projection) {
    Map<String, Decoded<T>> decodedById = new LinkedHashMap<>();
    List<DeadLetter> poison = new ArrayList<>();
    List<TraceContext> producers = new ArrayList<>();
    Set<String> tenants = new HashSet<>();
    int duplicates = 0;
    for (KafkaRecord record : records) {
      if (record.trace() != null) {
        producers.add(record.trace());
      }
      try {
        InboundEvent inbound = reader.read(record.value());
        if (record.trace() == null && inbound.trace() != null) {
          producers.add(inbound.trace());
        }
        tenants.add(inbound.tenantId());
        T decoded = projection.decode(inbound);
        if (decodedById.putIfAbsent(inbound.id(), new Decoded<>(inbound.id(), decoded, record))
            != null) {
          duplicates++;
        }
      } catch (PoisonRecordException e) {
        poison.add(DeadLetter.of(projection.consumer(), record, e));
      }
    }
    int before = duplicates;
    Span span =
        tracing.startProcess(
            "kafka",
            records.isEmpty() ? "kafka" : records.get(0).topic(),
            producers,
            records.size(),
            tenants.size() == 1 ? tenants.iterator().next() : null);
    return Tracing.within(span, () -> apply(records, decodedById, poison, before, projection));
  }

  private <T> KafkaBatchResult apply(
      List<KafkaRecord> records,
      Map<String, Decoded<T>> decodedById,
      List<DeadLetter> poison,
      int decodedDuplicates,
      EventProjection<T> projection) {
    List<Decoded<T>> batch = List.copyOf(decodedById.values());
    int applied = batch.isEmpty() ? 0 : applyIsolatingFailures(batch, poison, projection);
    int duplicates = decodedDuplicates + batch.size() - applied - rejected(poison);
    if (!poison.isEmpty()) {
      deadLetters.sendAll(projection.deadLetterQueue(), poison);
    }
    metrics.emit(
        Map.of("Consumer", projection.consumer()),
        Metric.count("EventsReceived", records.size()),
        Metric.count("EventsApplied", applied),
        Metric.count("EventsDuplicate", duplicates),
        Metric.count("DeadLetters", poison.size()));
    return new KafkaBatchResult(records.size(), applied, duplicates, poison.size());
  }

  /**
   * Applies the batch in one transaction; when that fails for a reason that is not transient,
   * bisects it, each half in a transaction of its own, in partition order, until the events that
   * fail alone are found: those become dead letters ({@link PoisonReason#APPLY_FAILED}) and the
   * rest is applied. A transient failure at any depth throws, so the batch is delivered again; the
   * halves already committed are then duplicates. When every event of a batch of several fails
   * alone, the cause is not in the events (a missing table, a bug on every path): that throws too.
   *
   * @return the events applied now
   */
  private <T> int applyIsolatingFailures(
      List<Decoded<T>> batch, List<DeadLetter> poison, EventProjection<T> projection) {
    try {
      return applyInOneTransaction(batch, projection);
    } catch (RuntimeException e) {
      if (TransientFailure.causes(e)) {
        throw e;
      }
      List<DeadLetter> found = new ArrayList<>();
      int applied = bisect(batch, e, found, projection);
      if (batch.size() > 1 && found.size() == batch.size()) {
        throw e;
      }
      poison.addAll(found);
      return applied;
    }
  }

  private <T> int bisect(
      List<Decoded<T>> batch,
      RuntimeException failure,
      List<DeadLetter> found,
      EventProjection<T> projection) {
    if (batch.size() == 1) {
      Decoded<T> alone = batch.get(0);
      LOG.warn("{}: {} fails alone: {}", projection.consumer(), alone.record(), failure.toString());
      found.add(
          DeadLetter.of(
              projection.consumer(), alone.record(), PoisonRecordException.applyFailed(failure)));
      return 0;
    }
    int applied = 0;
    int middle = batch.size() / 2;
    for (List<Decoded<T>> half :
        List.of(batch.subList(0, middle), batch.subList(middle, batch.size()))) {
      try {
        applied += applyInOneTransaction(half, projection);
      } catch (RuntimeException e) {
        if (TransientFailure.causes(e)) {
          throw e;
        }
        applied += bisect(half, e, found, projection);
      }
    }
    return applied;
  }

  private <T> int applyInOneTransaction(List<Decoded<T>> batch, EventProjection<T> projection) {
    return transactions.executeWrite(
        status -> {
          Set<String> fresh =
              processed.claim(projection.consumer(), batch.stream().map(Decoded::eventId).toList());
          List<T> toApply = new ArrayList<>(fresh.size());
          for (Decoded<T> decoded : batch) {
            if (fresh.contains(decoded.eventId())) {
              toApply.add(decoded.event());
            }
          }
          projection.apply(toApply);
          return toApply.size();
        });
  }

  private static int rejected(List<DeadLetter> letters) {
    return (int) letters.stream().filter(l -> l.reason() == PoisonReason.APPLY_FAILED).count();
  }

  /** A decoded event with the record it came in (the first, when a batch repeats it). */
  private record Decoded<T>(String eventId, T event, KafkaRecord record) {}
}
