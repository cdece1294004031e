package io.sac4cps.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerIT {

  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void start() {
    broker = EmbeddedKafkaBroker.startNew();
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
            ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200),
        new StringSerializer(),
        new StringSerializer());
  }

  private static List<String> readAll(String topic, int partitions, int expected) {
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new StringDeserializer())) {
      List<TopicPartition> assigned = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        assigned.add(new TopicPartition(topic, p));
      }
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
      List<String> values = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.key() + "=" + record.value());
        }
      }
      return values;
    }
  }

  @Test
  void producedRecordsAreConsumedFromEveryPartition() throws Exception {
    broker.createTopic("it.readings", 3);
    broker.createTopic("it.readings", 3); // creating it again is harmless

    try (var producer = producer()) {
      for (int i = 0; i < 6; i++) {
        producer.send(new ProducerRecord<>("it.readings", "sensor-" + i, "v" + i)).get();
      }
    }

    assertThat(readAll("it.readings", 3, 6))
        .containsExactlyInAnyOrder(
            "sensor-0=v0",
            "sensor-1=v1",
            "sensor-2=v2",
            "sensor-3=v3",
            "sensor-4=v4",
            "sensor-5=v5");
  }

  @Test
  void brokerComesBackOnTheSamePortWithItsData() throws Exception {
    broker.createTopic("it.outbox", 1);
    String address = broker.bootstrapServers();
    try (var producer = producer()) {
      producer.send(new ProducerRecord<>("it.outbox", "a", "before")).get();

      broker.stop();
      assertThat(broker.isRunning()).isFalse();
      assertThatThrownBy(() -> connect(address)).isInstanceOf(ConnectException.class);
      // send() itself blocks while no broker answers, so it runs off the test thread.
      CompletableFuture<RecordMetadata> sentWhileDown =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return producer.send(new ProducerRecord<>("it.outbox", "b", "while-down")).get();
                } catch (Exception e) {
                  throw new CompletionException(e);
                }
              });
      Thread.sleep(1_000);
      assertThat(sentWhileDown).isNotDone();

      broker.start();
      assertThat(broker.bootstrapServers()).isEqualTo(address);
      assertThat(sentWhileDown.get(60, TimeUnit.SECONDS).offset()).isEqualTo(1);
      producer.send(new ProducerRecord<>("it.outbox", "c", "after")).get();
    }

    assertThat(readAll("it.outbox", 1, 3)).containsExactly("a=before", "b=while-down", "c=after");
  }

  private static void connect(String hostAndPort) throws Exception {
    String[] parts = hostAndPort.split(":");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(parts[0], Integer.parseInt(parts[1])), 1_000);
    }
  }
}
