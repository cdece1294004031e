package io.sac4cps.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.sac4cps.embedded.SqsQueue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

@EmbeddedInfrastructure
class InfrastructureExtensionIT {

  @Test
  void theDefaultsLeaveOutS3WhichOnlyItsUsersPayFor(Infrastructure infrastructure) {
    assertThat(infrastructure.services())
        .containsExactlyInAnyOrder(Service.POSTGRES, Service.KAFKA, Service.SQS, Service.SNS);
    assertThat(infrastructure.properties())
        .doesNotContainKeys(
            "aws.services.s3.endpoint-override", "sac4cps.s3.buckets." + Infrastructure.BUCKET);
  }

  @Test
  void propertiesWireAMicronautContextToEveryServer(Infrastructure infrastructure)
      throws Exception {
    SqsQueue queue = infrastructure.queue("orders");
    String topicArn = infrastructure.snsTopic("alerts");

    try (ApplicationContext context = ApplicationContext.run(infrastructure.properties())) {
      // micronaut-data wraps the pool so connections need a transaction; the pool itself does not.
      DataSource pool = DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class));
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT current_database()")) {
        rows.next();
        assertThat(rows.getString(1)).isEqualTo(infrastructure.database().name());
      }
      assertThat(context.getBean(SqsClient.class).listQueues().queueUrls()).contains(queue.url());
      assertThat(context.getBean(SnsClient.class).listTopics().topics())
          .anyMatch(topic -> topic.topicArn().equals(topicArn));
      assertThat(context.getProperty("kafka.bootstrap.servers", String.class))
          .contains(infrastructure.kafkaBootstrapServers());
    }
  }

  @Test
  void kafkaTopicsAreUniqueToTheClassAndCarryRecords(Infrastructure infrastructure) {
    String topic = infrastructure.kafkaTopic("sensor.readings", 1);
    assertThat(topic).isEqualTo("sensor.readings-" + infrastructure.tag());

    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "s-1", "21.5"));
    }
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infrastructure.kafkaBootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.assign(List.of(new TopicPartition(topic, 0)));
      var records = consumer.poll(Duration.ofSeconds(10));
      assertThat(records).extracting(r -> r.key() + "=" + r.value()).containsExactly("s-1=21.5");
    }
  }

  @Test
  void snsTopicFansOutToASubscribedQueue(Infrastructure infrastructure) {
    String topicArn = infrastructure.snsTopic("identity-events");
    SqsQueue inbox = infrastructure.queue("notifications-inbox");
    infrastructure.subscribe(topicArn, inbox, Map.of("RawMessageDelivery", "true"));

    infrastructure.snsClient().publish(r -> r.topicArn(topicArn).message("user.registered"));

    List<Message> received =
        infrastructure
            .sqsClient()
            .receiveMessage(r -> r.queueUrl(inbox.url()).waitTimeSeconds(5))
            .messages();
    assertThat(received).extracting(Message::body).containsExactly("user.registered");
    assertThat(inbox.name()).isEqualTo("notifications-inbox-" + infrastructure.tag());
  }

  @Nested
  class WhenNested {

    @Test
    void sharesTheEnclosingClassInfrastructure(Infrastructure infrastructure) {
      assertThat(infrastructure)
          .isSameAs(Infrastructure.forTestClass(InfrastructureExtensionIT.class));
    }
  }
}
