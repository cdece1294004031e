package io.sac4cps.platform.retention;

import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.List;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired rows of every {@link ExpiringRows} bean, in batches of {@code
 * sac4cps.retention.batch-size} rows (one short transaction each, so the consumers writing the same
 * tables never wait long), at most {@code sac4cps.retention.max-batches} per table and run: a
 * backlog is worked off over a few runs rather than in one long one. {@code OutboxRelayHandler}
 * runs it after each relay, every minute.
 */
@Singleton
public class RetentionPurge {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);

  private final List<ExpiringRows> tables;
  private final TransactionOperations<Connection> transactions;
  private final int batchSize;
  private final int maxBatches;

  public RetentionPurge(
      List<ExpiringRows> tables,
      TransactionOperations<Connection> transactions,
      @Value("${sac4cps.retention.batch-size:5000}") int batchSize,
      @Value("${sac4cps.retention.max-batches:20}") int maxBatches) {
    this.tables = tables;
    this.transactions = transactions;
    this.batchSize = batchSize;
    this.maxBatches = maxBatches;
  }

  /**
   * One run over every table.
   *
   * @return what was deleted, e.g. {@code processed_event=120 rollup_minute=0}
   */
  public String purgeExpired() {
    StringJoiner summary = new StringJoiner(" ");
    for (ExpiringRows table : tables) {
      long deleted = 0;
      for (int batch = 0; batch < maxBatches; batch++) {
        int rows = transactions.executeWrite(status -> table.deleteExpired(batchSize));
        deleted += rows;
        if (rows < batchSize) {
          break;
        }
      }
      if (deleted > 0) {
        LOG.info(
            "retention: deleted {} {} rows older than {}",
            deleted,
            table.name(),
            table.retention());
      }
      summary.add(table.name() + "=" + deleted);
    }
    return summary.toString();
  }
}
