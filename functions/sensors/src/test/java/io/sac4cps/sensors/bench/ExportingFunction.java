package io.sac4cps.sensors.bench;

import io.sac4cps.embedded.LocalAwsAccount;
import io.sac4cps.embedded.SqsQueue;
import io.sac4cps.platform.outbox.OutboxRelayHandler;
import io.sac4cps.platform.tasks.TaskWorkHandler;
import io.sac4cps.testkit.lambda.ApiFunction;
import io.sac4cps.testkit.tasks.WorkQueueSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The sensors function alone in a JVM of its own, for {@link ExportBenchmark}: its context and its
 * work-queue poller and its outbox relay (every second, as Lambda's schedule runs it locally),
 * nothing else on its heap (the servers stay in the benchmark's JVM). Driven by lines on stdin:
 * {@code measure} resets the heap figures, {@code report} prints them as {@code HEAP peak=<bytes>
 * live=<bytes> max=<bytes>}; the end of stdin stops it.
 *
 * <p>Arguments: a properties file with the function's configuration, the work queue's name and URL,
 * and the SQS endpoint.
 */
final class ExportingFunction {
  private ExportingFunction() {}

  public static void main(String[] args) throws Exception {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
      properties.load(in);
    }
    Map<String, Object> configuration = new HashMap<>();
    properties.forEach((k, v) -> configuration.put((String) k, v));
    SqsQueue queue = new SqsQueue(args[1], args[2], null, null, null);
    List<MemoryPoolMXBean> heap =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();
    AtomicLong live = new AtomicLong();
    try (SqsClient sqs = LocalAwsAccount.sqsClient(URI.create(args[3]));
        ApiFunction sensors = ApiFunction.builder("sensors").properties(configuration).start()) {
      WorkQueueSource source =
          new WorkQueueSource(sqs, queue, new TaskWorkHandler(sensors.context()), 2);
      source.invocationTimeout(Duration.ofMinutes(15));
      source.start();
      // Lambda's schedule: what the publish after commit could not send (a slow first producer
      // send on a cold JVM) goes out on the next tick.
      OutboxRelayHandler relay = new OutboxRelayHandler(sensors.context());
      Thread.ofPlatform()
          .daemon()
          .start(
              () -> {
                while (true) {
                  try {
                    Thread.sleep(1000);
                    relay.execute(Map.of());
                  } catch (InterruptedException e) {
                    return;
                  } catch (RuntimeException e) {
                    System.out.println("relay failed: " + e);
                  }
                }
              });
      // What the heap holds right after each collection: the live set.
      Thread.ofPlatform()
          .daemon()
          .start(
              () -> {
                while (true) {
                  live.accumulateAndGet(
                      heap.stream()
                          .map(MemoryPoolMXBean::getCollectionUsage)
                          .filter(Objects::nonNull)
                          .mapToLong(MemoryUsage::getUsed)
                          .sum(),
                      Math::max);
                  try {
                    Thread.sleep(50);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      System.out.println("READY");
      BufferedReader commands = new BufferedReader(new InputStreamReader(System.in));
      for (String command; (command = commands.readLine()) != null; ) {
        if (command.equals("measure")) {
          System.gc();
          heap.forEach(MemoryPoolMXBean::resetPeakUsage);
          live.set(0);
          System.out.println("MEASURING");
        } else if (command.equals("report")) {
          System.out.printf(
              "HEAP peak=%d live=%d max=%d%n",
              heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum(),
              live.get(),
              Runtime.getRuntime().maxMemory());
        }
      }
      source.close();
    }
  }
}
