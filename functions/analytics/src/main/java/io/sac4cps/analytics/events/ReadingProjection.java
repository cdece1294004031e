package io.sac4cps.analytics.events;

import io.sac4cps.analytics.domain.Aggregate;
import io.sac4cps.analytics.domain.DaySplit;
import io.sac4cps.analytics.domain.Metric;
import io.sac4cps.analytics.domain.Reading;
import io.sac4cps.analytics.domain.Resolution;
import io.sac4cps.analytics.domain.RoomHour;
import io.sac4cps.analytics.store.ReadingAggregateStore;
import io.sac4cps.analytics.store.RoomDayStore;
import io.sac4cps.analytics.store.RoomHourStore;
import io.sac4cps.analytics.store.SensorDayStore;
import io.sac4cps.analytics.store.SensorStore;
import io.sac4cps.contracts.wiring.KafkaConsumer;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.platform.consumer.EventProjection;
import io.sac4cps.platform.consumer.InboundEvent;
import io.sac4cps.platform.consumer.SensorReadingDecoder;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;

/**
 * Projects sensor.reading.recorded.v1 into per-sensor quarter-hour and hour aggregates and each
 * sensor's first and last reading time, plus each room's hourly sums and the daily rollups of both
 * for the summary (decisions 0024, 0064): a batch is folded in memory first, so it costs the same
 * few statements whatever its size and order; a late reading adds to the bucket of its own time.
 */
@Singleton
public class ReadingProjection implements EventProjection<Reading> {
  private static final KafkaConsumer WIRED =
      Wiring.load().kafkaConsumer(SensorReadingsHandler.class.getName()).orElseThrow().consumer();
  public static final String CONSUMER = WIRED.name();
  public static final String DEAD_LETTER_QUEUE = WIRED.dlq();

  /**
   * Room-days a batch rolls up at most: in the steady state yesterday's days once after midnight,
   * and days a late reading changed.
   */
  static final int ROLL_UP_PER_BATCH = 100;

  private final SensorReadingDecoder decoder;
  private final ReadingAggregateStore aggregates;
  private final RoomHourStore roomHours;
  private final RoomDayStore roomDays;
  private final SensorDayStore sensorDays;
  private final SensorStore sensors;

  public ReadingProjection(
      SensorReadingDecoder decoder,
      ReadingAggregateStore aggregates,
      RoomHourStore roomHours,
      RoomDayStore roomDays,
      SensorDayStore sensorDays,
      SensorStore sensors) {
    this.decoder = decoder;
    this.aggregates = aggregates;
    this.roomHours = roomHours;
    this.roomDays = roomDays;
    this.sensorDays = sensorDays;
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
    SensorReadingDecoder.Decoded<Metric> r = decoder.decode(event, Metric::fromWire);
    return new Reading(
        r.tenantId(), r.roomId(), r.sensorId(), r.metric(), r.unit(), r.value(), r.timestamp());
  }

  @Override
  public void apply(List<Reading> readings) {
    if (readings.isEmpty()) {
      return;
    }
    aggregates.add(Resolution.QUARTER_HOUR, Aggregate.of(readings, Resolution.QUARTER_HOUR));
    List<Aggregate> hours = Aggregate.of(readings, Resolution.HOUR);
    aggregates.add(Resolution.HOUR, hours);
    sensorDays.add(hours);
    List<RoomHour> rooms = RoomHour.of(readings);
    roomHours.add(rooms);
    roomDays.touch(rooms);
    sensors.record(readings);
    // Last: it takes no lock another batch could be waiting for while this one waits.
    Instant newest =
        readings.stream().map(Reading::timestamp).max(Instant::compareTo).orElseThrow();
    roomDays.rollUp(DaySplit.dayStart(newest), ROLL_UP_PER_BATCH);
  }
}
