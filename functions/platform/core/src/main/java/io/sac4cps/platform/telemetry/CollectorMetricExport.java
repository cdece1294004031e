package io.sac4cps.platform.telemetry;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the function's EMF lines to the local stack's metrics view ({@code
 * telemetry.metrics-collector-url}, e.g. {@code http://127.0.0.1:4566/_local/metrics}), which
 * answers them in Prometheus text format at {@code GET /_local/metrics} (decision 0078). The local
 * stack sets it, as the runtime environment, like {@code telemetry.collector-url} for spans; in AWS
 * it is not set, this bean does not exist and the lines only go to stdout for CloudWatch Logs.
 *
 * <p>The request path only offers a line to a bounded queue (a full queue drops it: a local view,
 * not a ledger); a daemon thread posts what is queued, newline-delimited, every {@code
 * telemetry.export-delay}.
 */
@Singleton
@Requires(property = "telemetry.metrics-collector-url")
public class CollectorMetricExport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CollectorMetricExport.class);
  static final int CAPACITY = 10_000;

  private final URI collector;
  private final Duration delay;
  private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(CAPACITY);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final Thread exporter;
  private volatile boolean running = true;

  public CollectorMetricExport(
      @Value("${telemetry.metrics-collector-url}") URI collector,
      @Value("${telemetry.export-delay:2s}") Duration delay) {
    this.collector = collector;
    this.delay = delay;
    this.exporter = Thread.ofPlatform().daemon().name("metrics-export").start(this::run);
  }

  /** Queues one EMF line for the collector; never blocks. */
  public void offer(String line) {
    lines.offer(line);
  }

  private void run() {
    while (running) {
      try {
        String first = lines.poll(delay.toMillis(), TimeUnit.MILLISECONDS);
        if (first != null) {
          // Let a burst gather for one delay, then send it as one request.
          Thread.sleep(delay.toMillis());
          export(first);
        }
      } catch (InterruptedException e) {
        break;
      }
    }
    String rest = lines.poll();
    if (rest != null) {
      export(rest);
    }
  }

  private void export(String first) {
    List<String> batch = new ArrayList<>();
    batch.add(first);
    lines.drainTo(batch);
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(collector)
                  .timeout(Duration.ofSeconds(2))
                  .header("Content-Type", "application/x-ndjson")
                  .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", batch)))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        LOG.debug("telemetry: metrics collector {} answered {}", collector, response.statusCode());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.debug("telemetry: metrics collector {} unreachable: {}", collector, e.toString());
    }
  }

  @Override
  @PreDestroy
  public void close() {
    running = false;
    exporter.interrupt();
    try {
      exporter.join(3_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
