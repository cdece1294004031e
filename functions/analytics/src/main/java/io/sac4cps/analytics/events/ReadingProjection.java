package io.sac4cps.analytics.events;

import io.sac4cps.analytics.domain.Aggregate;
import io.sac4cps.analytics.domain.Reading;
import io.sac4cps.analytics.store.ReadingAggregateStore;
import io.sac4cps.analytics.store.SensorStore;
import io.sac4cps.contracts.wiring.KafkaConsumer;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.platform.consumer.EventProjection;
import io.sac4cps.platform.consumer.InboundEvent;
import jakarta.inject.Singleton;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Projects sensor.reading.recorded.v1 into per-sensor minute and hour aggregates and each sensor's
 * first and last reading time (decision 0024): a batch is folded in memory first, so 500 readings
 * cost three upserts whatever their order; a late reading adds to the bucket of its own time.
 */
@Singleton
public class ReadingProjection implements EventProjection<Reading> {
  private static final KafkaConsumer WIRED =
      Wiring.load().kafkaConsumer(SensorReadingsHandler.class.getName()).orElseThrow().consumer();
  public static final String CONSUMER = WIRED.name();
  public static final String DEAD_LETTER_QUEUE = WIRED.dlq();

  private final SensorReadingDecoder decoder;
  private final ReadingAggregateStore aggregates;
  private final SensorStore sensors;

  public ReadingProjection(
      SensorReadingDecoder decoder, ReadingAggregateStore aggregates, SensorStore sensors) {
    this.decoder = decoder;
    this.aggregates = aggregates;
    this.sensors = sensors;
  }

  @Override
  public String consumer() {
    return CONSUMER;
  }

  @Override
  public String deadLetterQueue() {
    return DEAD_LETTER_QUEUE;
  }

  @Override
  public Reading decode(InboundEvent event) {
    return decoder.decode(event);
  }

  @Override
  public void apply(List<Reading> readings) {
    if (readings.isEmpty()) {
      return;
    }
    aggregates.add(ChronoUnit.MINUTES, Aggregate.of(readings, ChronoUnit.MINUTES));
    aggregates.add(ChronoUnit.HOURS, Aggregate.of(readings, ChronoUnit.HOURS));
    sensors.record(readings);
  }
}
