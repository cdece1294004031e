package io.sac4cps.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster (one process acting as KRaft controller and broker) running in this
 * JVM. Ports and the log directory are chosen once, so {@link #stop()} followed by {@link #start()}
 * brings the same broker back at the same address with its data: tests use that to prove that
 * nothing is lost while Kafka is down.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final String HOST = "127.0.0.1";

  private final Path logDir;
  private final boolean keepData;
  private final int brokerPort;
  private final KafkaConfig config;
  private KafkaRaftServer server;
  private Admin admin;

  private EmbeddedKafkaBroker(
      Path logDir,
      boolean keepData,
      int brokerPort,
      int controllerPort,
      Map<String, String> extraServerProperties) {
    this.logDir = logDir;
    this.keepData = keepData;
    this.brokerPort = brokerPort;
    Properties properties = serverProperties(logDir, brokerPort, controllerPort);
    properties.putAll(extraServerProperties);
    this.config = new KafkaConfig(properties, false);
  }

  /**
   * Formats a fresh log directory and starts the broker; takes a few seconds.
   *
   * @param extraServerProperties broker settings that override the defaults below
   */
  public static EmbeddedKafkaBroker startNew(Map<String, String> extraServerProperties) {
    Path logDir;
    try {
      logDir = Files.createTempDirectory("sac4cps-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("no temporary directory for the Kafka log", e);
    }
    EmbeddedKafkaBroker broker =
        new EmbeddedKafkaBroker(
            logDir, false, FreePorts.next(), FreePorts.next(), extraServerProperties);
    broker.format();
    broker.start();
    return broker;
  }

  /**
   * Starts a broker whose log directory outlives it: formatted on first use, its topics, records
   * and consumer offsets found again on the next start (on new ports). {@link #close()} keeps it.
   */
  public static EmbeddedKafkaBroker startIn(Path logDir) {
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Kafka log directory " + logDir, e);
    }
    EmbeddedKafkaBroker broker =
        new EmbeddedKafkaBroker(logDir, true, FreePorts.next(), FreePorts.next(), Map.of());
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      broker.format();
    }
    broker.start();
    return broker;
  }

  public static EmbeddedKafkaBroker startNew() {
    return startNew(Map.of());
  }

  private static Properties serverProperties(Path logDir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    // One node: every internal topic has a single replica, and few partitions start faster.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // The broker is unfenced on a heartbeat; the default 2 s interval makes every start slow.
    p.put("broker.heartbeat.interval.ms", "100");
    p.put("broker.session.timeout.ms", "3000");
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "true");
    return p;
  }

  private void format() {
    try {
      new Formatter()
          .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setControllerListenerName("CONTROLLER")
          .setMetadataLogDirectory(logDir.toString())
          .addDirectory(logDir.toString())
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("could not format the Kafka log directory " + logDir, e);
    }
  }

  /** Starts the broker again after {@link #stop()}, on the same port and with the same data. */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    long started = System.nanoTime();
    KafkaRaftServer starting = new KafkaRaftServer(config, Time.SYSTEM);
    starting.startup();
    server = starting;
    LOG.info(
        "Kafka broker up at {} in {} ms",
        bootstrapServers(),
        (System.nanoTime() - started) / 1_000_000);
  }

  /** Stops the broker and keeps its data; clients see a broker that is down. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    server.shutdown();
    server.awaitShutdown();
    server = null;
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** {@code 127.0.0.1:<port>}, stable across {@link #stop()} and {@link #start()}. */
  public String bootstrapServers() {
    return HOST + ":" + brokerPort;
  }

  /** A producer of string keys and values, as tests write records to a topic; close it. */
  public static org.apache.kafka.clients.producer.KafkaProducer<String, String> stringProducer(
      String bootstrapServers) {
    Properties config = new Properties();
    config.put(
        org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers);
    config.put(
        org.apache.kafka.clients.producer.ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
        org.apache.kafka.common.serialization.StringSerializer.class);
    config.put(
        org.apache.kafka.clients.producer.ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
        org.apache.kafka.common.serialization.StringSerializer.class);
    return new org.apache.kafka.clients.producer.KafkaProducer<>(config);
  }

  /** Creates a topic with replication factor 1; an existing topic is left as it is. */
  public void createTopic(String name, int partitions) {
    try {
      admin().createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("could not create topic " + name, e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    }
  }

  private synchronized Admin admin() {
    if (admin == null) {
      admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrapServers(),
                  AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                  30_000));
    }
    return admin;
  }

  /** Stops the broker and deletes its log directory, unless it was started to keep it. */
  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close();
      admin = null;
    }
    stop();
    if (keepData) {
      return;
    }
    try (Stream<Path> files = Files.walk(logDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the Kafka log directory " + logDir, e);
    }
  }
}
