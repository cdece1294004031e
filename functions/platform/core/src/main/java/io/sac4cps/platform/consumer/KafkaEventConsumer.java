package io.sac4cps.platform.consumer;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.TransactionOperations;
import io.opentelemetry.api.trace.Span;
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

/**
 * Runs a Lambda {@link KafkaEvent} batch through an {@link EventProjection}:
 *
 * <ol>
 *   <li>decodes every record (base64 value → CloudEvent JSON → the projection's type); a record
 *       that fails with {@link PoisonRecordException} is set aside;
 *   <li>in one transaction, claims the event ids in {@code processed_event} and applies only those
 *       never applied before, so a redelivered batch changes nothing;
 *   <li>sends the poison records to the projection's dead-letter queue with their reason.
 * </ol>
 *
 * Poison records never block the partition; any other failure (database down, queue unreachable)
 * throws, so Lambda redelivers the whole batch and the dedupe makes that safe. A handler is a few
 * lines:
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
  private final CloudEventReader reader;
  private final ProcessedEvents processed;
  private final DeadLetterQueue deadLetters;
  private final TransactionOperations<Connection> transactions;
  private final Tracing tracing;
  private final Metrics metrics;

  public KafkaEventConsumer(
      CloudEventReader reader,
      ProcessedEvents processed,
      DeadLetterQueue deadLetters,
      TransactionOperations<Connection> transactions,
      Tracing tracing,
      Metrics metrics) {
    this.tracing = tracing;
    this.metrics = metrics;
    this.reader = reader;
    this.processed = processed;
    this.deadLetters = deadLetters;
    this.transactions = transactions;
  }

  public <T> KafkaBatchResult consume(KafkaEvent event, EventProjection<T> projection) {
    try {
      return consumeBatch(event, projection);
    } finally {
      tracing.invocationEnded();
    }
  }

  private <T> KafkaBatchResult consumeBatch(KafkaEvent event, EventProjection<T> projection) {
    List<KafkaRecord> records = KafkaRecord.listOf(event);
    Map<String, T> decodedById = new LinkedHashMap<>();
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
        if (decodedById.putIfAbsent(inbound.id(), decoded) != null) {
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
      Map<String, T> decodedById,
      List<DeadLetter> poison,
      int decodedDuplicates,
      EventProjection<T> projection) {
    int duplicates = decodedDuplicates;
    int applied =
        decodedById.isEmpty()
            ? 0
            : transactions.executeWrite(
                status -> {
                  Set<String> fresh = processed.claim(projection.consumer(), decodedById.keySet());
                  List<T> toApply = new ArrayList<>(fresh.size());
                  decodedById.forEach(
                      (id, decoded) -> {
                        if (fresh.contains(id)) {
                          toApply.add(decoded);
                        }
                      });
                  projection.apply(toApply);
                  return toApply.size();
                });
    duplicates += decodedById.size() - applied;
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
}
