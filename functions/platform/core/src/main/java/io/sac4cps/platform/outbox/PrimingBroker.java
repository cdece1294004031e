package io.sac4cps.platform.outbox;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.network.ClientInformation;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * A broker for priming only, on a loopback port of the function's own JVM: it answers the
 * producer's API versions, metadata, producer id and produce requests, in the versions the client
 * asks for, with Kafka's own protocol classes, and keeps nothing it is sent. So a producer can run
 * its whole send path (record batches, compression, the produce request and its acknowledgement)
 * before the snapshot without any real broker seeing it (decision 0072). Every topic has one
 * partition led by this broker; the producer id it hands out exists nowhere else.
 */
final class PrimingBroker implements AutoCloseable {
  private static final int NODE_ID = 0;

  private final ServerSocket server;
  private final List<Socket> connections = new CopyOnWriteArrayList<>();
  private final List<Thread> servers = new CopyOnWriteArrayList<>();
  private final Map<String, Uuid> topicIds = new ConcurrentHashMap<>();
  private final AtomicLong offsets = new AtomicLong();
  private final AtomicInteger produced = new AtomicInteger();
  private final Thread acceptor;

  PrimingBroker() throws IOException {
    server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofPlatform().daemon().name("priming-broker").start(this::accept);
  }

  /** {@code host:port}, the producer's bootstrap address. */
  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** How many records the producers' produce requests carried partitions for (acknowledged). */
  int producedPartitions() {
    return produced.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket connection = server.accept();
        connections.add(connection);
        servers.add(
            Thread.ofPlatform()
                .daemon()
                .name("priming-broker-connection")
                .start(() -> serve(connection)));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket connection) {
    try (connection;
        DataInputStream in = new DataInputStream(connection.getInputStream());
        DataOutputStream out = new DataOutputStream(connection.getOutputStream())) {
      while (true) {
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        RequestHeader header = RequestHeader.parse(buffer);
        RequestContext context =
            new RequestContext(
                header,
                "priming",
                InetAddress.getLoopbackAddress(),
                KafkaPrincipal.ANONYMOUS,
                ListenerName.forSecurityProtocol(SecurityProtocol.PLAINTEXT),
                SecurityProtocol.PLAINTEXT,
                ClientInformation.EMPTY,
                false);
        AbstractRequest request = context.parseRequest(buffer).request;
        if (request instanceof ProduceRequest produce && produce.acks() == 0) {
          continue; // acks=0: the client expects no response
        }
        ByteBuffer response = context.buildResponseEnvelopePayload(answer(header, request));
        out.writeInt(response.remaining());
        out.write(
            response.array(), response.arrayOffset() + response.position(), response.remaining());
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      // The producer closed its connection (or sent what priming does not need): done.
    }
  }

  private AbstractResponse answer(RequestHeader header, AbstractRequest request) {
    return switch (request) {
      case MetadataRequest metadata -> metadata(metadata, header.apiVersion());
      case ProduceRequest produce -> produce(produce);
      default ->
          switch (header.apiKey()) {
            case API_VERSIONS ->
                new ApiVersionsResponse(
                    new ApiVersionsResponseData()
                        .setApiKeys(
                            ApiVersionsResponse.brokerApiVersions(
                                ApiMessageType.ListenerType.BROKER, false, false)));
            case INIT_PRODUCER_ID ->
                new InitProducerIdResponse(
                    new InitProducerIdResponseData().setProducerId(1).setProducerEpoch((short) 0));
            default -> request.getErrorResponse(0, Errors.UNSUPPORTED_VERSION.exception());
          };
    };
  }

  private MetadataResponse metadata(MetadataRequest request, short version) {
    MetadataResponseData data =
        new MetadataResponseData().setClusterId("priming").setControllerId(NODE_ID);
    data.brokers()
        .add(
            new MetadataResponseData.MetadataResponseBroker()
                .setNodeId(NODE_ID)
                .setHost("127.0.0.1")
                .setPort(server.getLocalPort()));
    List<String> topics = request.isAllTopics() ? List.of() : request.topics();
    for (String topic : topics) {
      data.topics()
          .add(
              new MetadataResponseData.MetadataResponseTopic()
                  .setName(topic)
                  .setTopicId(topicIds.computeIfAbsent(topic, t -> Uuid.randomUuid()))
                  .setPartitions(
                      List.of(
                          new MetadataResponseData.MetadataResponsePartition()
                              .setPartitionIndex(0)
                              .setLeaderId(NODE_ID)
                              .setLeaderEpoch(0)
                              .setReplicaNodes(List.of(NODE_ID))
                              .setIsrNodes(List.of(NODE_ID)))));
    }
    return new MetadataResponse(data, version);
  }

  private ProduceResponse produce(ProduceRequest request) {
    ProduceResponseData data = new ProduceResponseData();
    for (var topic : request.data().topicData()) {
      var response =
          new ProduceResponseData.TopicProduceResponse()
              .setName(topic.name())
              .setTopicId(topic.topicId());
      for (var partition : topic.partitionData()) {
        produced.incrementAndGet();
        response
            .partitionResponses()
            .add(
                new ProduceResponseData.PartitionProduceResponse()
                    .setIndex(partition.index())
                    .setErrorCode(Errors.NONE.code())
                    .setBaseOffset(offsets.getAndIncrement()));
      }
      data.responses().add(response);
    }
    return new ProduceResponse(data);
  }

  /** Closes the port and every connection, and waits for its threads to end. */
  @Override
  public void close() throws IOException, InterruptedException {
    server.close();
    acceptor.join();
    for (Socket connection : connections) {
      connection.close();
    }
    for (Thread thread : servers) {
      thread.join();
    }
  }
}
