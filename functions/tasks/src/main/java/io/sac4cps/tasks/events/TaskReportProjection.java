package io.sac4cps.tasks.events;

import io.sac4cps.contracts.wiring.KafkaConsumer;
import io.sac4cps.contracts.wiring.Wiring;
import io.sac4cps.platform.consumer.EventProjection;
import io.sac4cps.platform.consumer.InboundEvent;
import io.sac4cps.tasks.domain.OwnerReport;
import io.sac4cps.tasks.service.TaskReports;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Applies task.progress-reported.v1 from Kafka {@code task.reports} to the tasks, in partition
 * order (one task's reports share a partition, keyed by task id), once per event id.
 */
@Singleton
public class TaskReportProjection implements EventProjection<OwnerReport> {
  private static final KafkaConsumer WIRED =
      Wiring.load().kafkaConsumer(TaskReportsHandler.class.getName()).orElseThrow().consumer();
  public static final String CONSUMER = WIRED.name();
  public static final String DEAD_LETTER_QUEUE = WIRED.dlq();

  private final TaskReportDecoder decoder;
  private final TaskReports reports;

  public TaskReportProjection(TaskReportDecoder decoder, TaskReports reports) {
    this.decoder = decoder;
    this.reports = reports;
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
  public OwnerReport decode(InboundEvent event) {
    return decoder.decode(event);
  }

  @Override
  public void apply(List<OwnerReport> events) {
    events.forEach(reports::apply);
  }
}
