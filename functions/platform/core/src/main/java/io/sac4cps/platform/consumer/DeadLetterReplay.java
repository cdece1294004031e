package io.sac4cps.platform.consumer;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Puts dead letters back once their cause is fixed (decision 0059), so consumers apply them; their
 * dedupe on the event id makes a replay of something already applied harmless. Run it from any
 * function's jar, which carries platform-core:
 *
 * <pre>
 * # an SQS consumer's DLQ back to its queue (in AWS: aws sqs start-message-move-task --source-arn DLQ_ARN)
 * java -cp functions/analytics/target/analytics.jar io.sac4cps.platform.consumer.DeadLetterReplay \
 *   --dlq http://localhost:9324/000000000000/analytics-alerts-dlq \
 *   --to-queue http://localhost:9324/000000000000/analytics-alerts
 * # a Kafka consumer's DLQ back to its topic
 * java -cp functions/rooms/target/rooms.jar io.sac4cps.platform.consumer.DeadLetterReplay \
 *   --dlq http://localhost:9324/000000000000/rooms-sensor-readings-dlq \
 *   --to-topic sensor.readings --bootstrap-servers localhost:9092 [--kafka-property k=v ...]
 * </pre>
 *
 * A Kafka dead letter is either a record the consumer set aside (its body, {@code key} and {@code
 * encoding} attributes: produced again as it was) or the mapping's on-failure record of a batch
 * that ran out of retries, which holds only offsets: those records are read from the topic again
 * and produced anew. An SQS letter goes back with its message attributes, less those the
 * dead-letter queue added. Each letter is deleted only once it is back. Other consumers of the
 * topic see the replayed records too and skip them as duplicates, within {@code processed_event}'s
 * retention.
 */
public final class DeadLetterReplay {
  /** Attributes {@link DeadLetterQueue} adds, which the replayed message must not carry. */
  private static final Set<String> LETTER_ATTRIBUTES =
      Set.of(
          "reason",
          "detail",
          "consumer",
          "encoding",
          "topic",
          "partition",
          "offset",
          "key",
          "queue",
          "messageId");

  private final SqsClient sqs;
  private final JsonMapper json;

  public DeadLetterReplay(SqsClient sqs, JsonMapper json) {
    this.sqs = sqs;
    this.json = json;
  }

  /** Moves every letter of {@code dlqUrl} to {@code queueUrl}; returns how many. */
  public int toQueue(String dlqUrl, String queueUrl) {
    int moved = 0;
    for (List<Message> letters = receive(dlqUrl); !letters.isEmpty(); letters = receive(dlqUrl)) {
      for (Message letter : letters) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        letter
            .messageAttributes()
            .forEach(
                (name, value) -> {
                  if (!LETTER_ATTRIBUTES.contains(name)) {
                    attributes.put(name, value);
                  }
                });
        sqs.sendMessage(
            b -> b.queueUrl(queueUrl).messageBody(letter.body()).messageAttributes(attributes));
        delete(dlqUrl, letter);
        moved++;
      }
    }
    return moved;
  }

  /**
   * Produces every letter of {@code dlqUrl} to {@code topic} again; returns how many records.
   *
   * @param kafka the clients' properties: {@code bootstrap.servers} and, in AWS, MSK's IAM auth
   */
  public int toTopic(String dlqUrl, String topic, Properties kafka) {
    int produced = 0;
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
      for (List<Message> letters = receive(dlqUrl); !letters.isEmpty(); letters = receive(dlqUrl)) {
        for (Message letter : letters) {
          List<ProducerRecord<byte[], byte[]>> records = recordsOf(letter, topic, kafka);
          for (ProducerRecord<byte[], byte[]> record : records) {
            producer.send(record);
          }
          producer.flush();
          delete(dlqUrl, letter);
          produced += records.size();
        }
      }
    }
    return produced;
  }

  private List<ProducerRecord<byte[], byte[]>> recordsOf(
      Message letter, String topic, Properties kafka) {
    JsonNode failure = onFailureRecord(letter.body());
    if (failure != null) {
      return reread(failure.get("KafkaBatchInfo").get("recordsInfo"), topic, kafka);
    }
    String encoding = attribute(letter, "encoding");
    byte[] value =
        "base64".equals(encoding)
            ? Base64.getDecoder().decode(letter.body())
            : letter.body().getBytes(StandardCharsets.UTF_8);
    String key = attribute(letter, "key");
    return List.of(
        new ProducerRecord<>(
            topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
  }

  /** Lambda's on-failure record for a Kafka batch, or null for a record's own letter. */
  private JsonNode onFailureRecord(String body) {
    if (!body.contains("KafkaBatchInfo")) {
      return null;
    }
    try {
      JsonNode root = json.readValue(body, JsonNode.class);
      JsonNode batch = root.isObject() ? root.get("KafkaBatchInfo") : null;
      JsonNode info = batch == null || !batch.isObject() ? null : batch.get("recordsInfo");
      return info != null && info.isObject() ? root : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /**
   * The records an on-failure record names ({@code "<topic>-<partition>"}: offsets), read again.
   */
  private static List<ProducerRecord<byte[], byte[]>> reread(
      JsonNode recordsInfo, String topic, Properties kafka) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    Properties properties = new Properties();
    properties.putAll(kafka);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
      for (Map.Entry<String, JsonNode> range : recordsInfo.entries()) {
        String name = range.getKey();
        int partition = Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
        long first = range.getValue().get("firstRecordOffset").getLongValue();
        long last = range.getValue().get("lastRecordOffset").getLongValue();
        TopicPartition source = new TopicPartition(topic, partition);
        consumer.assign(List.of(source));
        consumer.seek(source, first);
        long next = first;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (next <= last) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "could not read " + source + " offsets " + next + ".." + last + " again");
          }
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            if (record.offset() <= last) {
              records.add(
                  new ProducerRecord<>(
                      topic, null, record.key(), record.value(), record.headers()));
            }
            next = record.offset() + 1;
          }
        }
      }
    }
    return records;
  }

  private List<Message> receive(String url) {
    return sqs.receiveMessage(
            b ->
                b.queueUrl(url)
                    .maxNumberOfMessages(10)
                    .waitTimeSeconds(1)
                    .visibilityTimeout(60)
                    .messageAttributeNames("All"))
        .messages();
  }

  private void delete(String url, Message letter) {
    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(letter.receiptHandle()));
  }

  private static String attribute(Message message, String name) {
    MessageAttributeValue value = message.messageAttributes().get(name);
    return value == null ? null : value.stringValue();
  }

  private static KafkaProducer<byte[], byte[]> producer(Properties kafka) {
    Properties properties = new Properties();
    properties.putAll(kafka);
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return new KafkaProducer<>(properties);
  }

  /** The command; see the class comment. Exits 2 on a usage error. */
  public static void main(String[] args) {
    Map<String, String> options = options(args, new Properties());
    SqsClientBuilder builder = SqsClient.builder();
    if (options.containsKey("--sqs-endpoint")) {
      builder.endpointOverride(URI.create(options.get("--sqs-endpoint")));
    }
    try (SqsClient sqs = builder.build()) {
      int status = run(new DeadLetterReplay(sqs, JsonMapper.createDefault()), args);
      if (status != 0) {
        System.exit(status);
      }
    }
  }

  /** The command's work with {@code replay}'s SQS client: 0, or 2 on a usage error. */
  static int run(DeadLetterReplay replay, String[] args) {
    Properties kafka = new Properties();
    Map<String, String> options = options(args, kafka);
    String dlq = options.get("--dlq");
    if (dlq == null
        || (options.containsKey("--to-queue") == options.containsKey("--to-topic"))
        || (options.containsKey("--to-topic") && !options.containsKey("--bootstrap-servers"))) {
      System.err.println(
          "usage: DeadLetterReplay --dlq URL (--to-queue URL | --to-topic TOPIC"
              + " --bootstrap-servers HOSTS [--kafka-property NAME=VALUE]...)"
              + " [--sqs-endpoint URL]");
      return 2;
    }
    if (options.containsKey("--to-queue")) {
      System.out.println(
          "moved " + replay.toQueue(dlq, options.get("--to-queue")) + " letters back");
    } else {
      kafka.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.get("--bootstrap-servers"));
      System.out.println(
          "produced "
              + replay.toTopic(dlq, options.get("--to-topic"), kafka)
              + " records to "
              + options.get("--to-topic"));
    }
    return 0;
  }

  /** {@code --name value} pairs; {@code --kafka-property name=value} go to {@code kafka}. */
  private static Map<String, String> options(String[] args, Properties kafka) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--kafka-property")) {
        String[] pair = args[i + 1].split("=", 2);
        kafka.put(pair[0], pair.length > 1 ? pair[1] : "");
      } else {
        options.put(args[i], args[i + 1]);
      }
    }
    return options;
  }
}
