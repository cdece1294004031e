package io.sac4cps.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * An SNS stand-in for tests and the docker-free local stack (production uses real SNS). It speaks
 * the AWS query protocol that {@code SnsClient} uses (form-encoded POST with {@code Action=...},
 * XML answers) and delivers published messages to SQS queues on an ElasticMQ server, as SNS does:
 * raw or wrapped in the SNS JSON envelope,. Filter policies are refused: no subscription in
 * contracts/wiring.yaml needs one, and delivering unfiltered would hide the gap.
 *
 * <p>Supported actions: CreateTopic, ListTopics, DeleteTopic, GetTopicAttributes, Subscribe,
 * Unsubscribe, ListSubscriptions, ListSubscriptionsByTopic, GetSubscriptionAttributes,
 * SetSubscriptionAttributes, Publish and PublishBatch. Only the {@code sqs} protocol is supported.
 * Delivery is synchronous: when Publish returns, the message is in every matching queue. Publish to
 * a {@code PhoneNumber} (SMS) checks E.164 as SNS does and records the text message instead of
 * sending it ({@link #textMessages()}).
 */
public final class SnsStandIn implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SnsStandIn.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String XMLNS = "http://sns.amazonaws.com/doc/2010-03-31/";
  private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}(\\.fifo)?");
  private static final int MAX_MESSAGE_BYTES = 256 * 1024;
  private static final List<String> SUBSCRIPTION_ATTRIBUTES =
      List.of(
          "RawMessageDelivery",
          "FilterPolicy",
          "FilterPolicyScope",
          "RedrivePolicy",
          "DeliveryPolicy",
          "SubscriptionRoleArn");

  private HttpServer server;
  private final ExecutorService executor;
  private final URI endpoint;
  private final SqsClient sqs;
  private final Map<String, Topic> topics = new ConcurrentHashMap<>();
  private final Map<String, String> queueUrls = new ConcurrentHashMap<>();
  private final java.util.List<TextMessage> textMessages =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private static final java.util.regex.Pattern E164 =
      java.util.regex.Pattern.compile("^\\+[1-9][0-9]{1,14}$");

  /** An SMS published to a phone number. */
  public record TextMessage(
      String messageId, String phoneNumber, String message, java.time.Instant publishedAt) {}

  private SnsStandIn(HttpServer server, ExecutorService executor, SqsClient sqs) {
    this.server = server;
    this.executor = executor;
    this.sqs = sqs;
    this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * Starts the stand-in on a free loopback port.
   *
   * @param sqsEndpoint the ElasticMQ endpoint that queues subscribed by ARN live on
   */
  public static SnsStandIn start(URI sqsEndpoint) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("SNS stand-in could not bind a port", e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    SnsStandIn standIn = new SnsStandIn(server, executor, LocalAwsAccount.sqsClient(sqsEndpoint));
    server.createContext("/", standIn::handle);
    server.start();
    return standIn;
  }

  /**
   * An SNS outage: the endpoint stops accepting connections (open ones are closed) until {@link
   * #resume()}; topics and subscriptions are kept. For tests of what a function does while SNS is
   * unreachable (its breaker opens, its outbox keeps the events).
   */
  public synchronized void pause() {
    server.stop(0);
  }

  /** Answers again on the same endpoint after {@link #pause()}. */
  public synchronized void resume() {
    try {
      server =
          HttpServer.create(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), endpoint.getPort()), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("SNS stand-in could not bind " + endpoint + " again", e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The endpoint to give an SNS client as its endpoint override. */
  /** The SMS published so far, oldest first. */
  public java.util.List<TextMessage> textMessages() {
    return java.util.List.copyOf(textMessages);
  }

  public URI endpoint() {
    return endpoint;
  }

  /** {@code arn:aws:sns:<region>:000000000000:<name>}, whether or not the topic exists yet. */
  public static String topicArn(String name) {
    return "arn:aws:sns:" + LocalAwsAccount.REGION + ":" + LocalAwsAccount.ACCOUNT_ID + ":" + name;
  }

  @Override
  public synchronized void close() {
    server.stop(0);
    executor.shutdownNow();
    sqs.close();
  }

  private static final class Topic {
    final String arn;
    final Map<String, String> attributes;
    final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    Topic(String arn, Map<String, String> attributes) {
      this.arn = arn;
      this.attributes = attributes;
    }

    boolean fifo() {
      return arn.endsWith(".fifo");
    }
  }

  private static final class Subscription {
    final String arn;
    final String topicArn;
    final String protocol;
    final String endpoint;
    final Map<String, String> attributes = new ConcurrentHashMap<>();

    Subscription(String arn, String topicArn, String protocol, String endpoint) {
      this.arn = arn;
      this.topicArn = topicArn;
      this.protocol = protocol;
      this.endpoint = endpoint;
    }

    boolean raw() {
      return Boolean.parseBoolean(attributes.getOrDefault("RawMessageDelivery", "false"));
    }

    void set(String name, String value) {
      if (!SUBSCRIPTION_ATTRIBUTES.contains(name)) {
        throw SnsError.invalidParameter("AttributeName");
      }
      switch (name) {
        case "RawMessageDelivery" -> {
          if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw SnsError.invalidParameter("Attributes Reason: RawMessageDelivery: Invalid value");
          }
        }
        case "FilterPolicy", "FilterPolicyScope" ->
            throw SnsError.invalidParameter(
                name + ": the SNS stand-in does not filter (no subscription in wiring.yaml does)");
        default -> {}
      }
      attributes.put(name, value);
    }
  }

  private record Message(
      String id,
      String body,
      String subject,
      Map<String, SnsMessageAttribute> attributes,
      String groupId,
      String deduplicationId) {}

  private void handle(HttpExchange exchange) throws IOException {
    String requestId = UUID.randomUUID().toString();
    String response;
    int status = 200;
    try (InputStream in = exchange.getRequestBody()) {
      String form = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String query = exchange.getRequestURI().getRawQuery();
      if (form.isEmpty() && query != null) {
        form = query;
      }
      SnsQueryRequest request = SnsQueryRequest.parse(form);
      response = respond(request.action(), dispatch(request), requestId);
    } catch (SnsError e) {
      status = e.status();
      response = error(e, requestId);
    } catch (RuntimeException e) {
      LOG.error("SNS stand-in failed on a request", e);
      status = 500;
      response =
          error(SnsError.of("InternalError", 500, String.valueOf(e.getMessage())), requestId);
    }
    byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/xml");
    exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private String dispatch(SnsQueryRequest request) {
    return switch (request.action()) {
      case "CreateTopic" -> createTopic(request);
      case "ListTopics" -> listTopics();
      case "DeleteTopic" -> deleteTopic(request);
      case "GetTopicAttributes" -> getTopicAttributes(request);
      case "Subscribe" -> subscribe(request);
      case "Unsubscribe" -> unsubscribe(request);
      case "ListSubscriptions" -> listSubscriptions(allSubscriptions());
      case "ListSubscriptionsByTopic" ->
          listSubscriptions(topic(request.required("TopicArn")).subscriptions);
      case "GetSubscriptionAttributes" -> getSubscriptionAttributes(request);
      case "SetSubscriptionAttributes" -> setSubscriptionAttributes(request);
      case "Publish" -> publish(request);
      case "PublishBatch" -> publishBatch(request);
      default ->
          throw SnsError.of(
              "InvalidAction", 400, "The action " + request.action() + " is not valid");
    };
  }

  private String createTopic(SnsQueryRequest request) {
    String name = request.required("Name");
    if (!TOPIC_NAME.matcher(name).matches()) {
      throw SnsError.invalidParameter(
          "Topic Name must be made up of only uppercase and lowercase ASCII letters, numbers,"
              + " underscores, and hyphens, and must be between 1 and 256 characters long.");
    }
    Map<String, String> attributes = new LinkedHashMap<>(request.map("Attributes"));
    if (name.endsWith(".fifo")
        != Boolean.parseBoolean(attributes.getOrDefault("FifoTopic", "false"))) {
      throw SnsError.invalidParameter(
          "Fifo Topic names must end with .fifo and Standard Topic cannot end with .fifo");
    }
    Topic topic = topics.computeIfAbsent(topicArn(name), arn -> new Topic(arn, attributes));
    return element("TopicArn", topic.arn);
  }

  private String listTopics() {
    StringBuilder xml = new StringBuilder("<Topics>");
    topics.keySet().stream()
        .sorted()
        .forEach(
            arn -> xml.append("<member>").append(element("TopicArn", arn)).append("</member>"));
    return xml.append("</Topics>").toString();
  }

  private String deleteTopic(SnsQueryRequest request) {
    // Deleting a topic that does not exist succeeds, as in SNS.
    topics.remove(request.required("TopicArn"));
    return "";
  }

  private String getTopicAttributes(SnsQueryRequest request) {
    Topic topic = topic(request.required("TopicArn"));
    Map<String, String> attributes = new LinkedHashMap<>(topic.attributes);
    attributes.put("TopicArn", topic.arn);
    attributes.put("Owner", LocalAwsAccount.ACCOUNT_ID);
    attributes.put("SubscriptionsConfirmed", String.valueOf(topic.subscriptions.size()));
    attributes.put("SubscriptionsPending", "0");
    attributes.put("SubscriptionsDeleted", "0");
    return attributesXml(attributes);
  }

  private String subscribe(SnsQueryRequest request) {
    Topic topic = topic(request.required("TopicArn"));
    String protocol = request.required("Protocol");
    if (!protocol.equals("sqs")) {
      throw SnsError.invalidParameter(
          "Invalid protocol type: " + protocol + " (the SNS stand-in delivers to sqs only)");
    }
    String endpoint = request.required("Endpoint");
    if (!endpoint.startsWith("arn:aws:sqs:")) {
      throw SnsError.invalidParameter("SQS endpoint ARN");
    }
    for (Subscription existing : topic.subscriptions) {
      if (existing.endpoint.equals(endpoint)) {
        return element("SubscriptionArn", existing.arn);
      }
    }
    var subscription =
        new Subscription(topic.arn + ":" + UUID.randomUUID(), topic.arn, protocol, endpoint);
    request.map("Attributes").forEach(subscription::set);
    topic.subscriptions.add(subscription);
    return element("SubscriptionArn", subscription.arn);
  }

  private String unsubscribe(SnsQueryRequest request) {
    String arn = request.required("SubscriptionArn");
    topics.values().forEach(topic -> topic.subscriptions.removeIf(s -> s.arn.equals(arn)));
    return "";
  }

  private List<Subscription> allSubscriptions() {
    List<Subscription> all = new ArrayList<>();
    topics.values().forEach(topic -> all.addAll(topic.subscriptions));
    return all;
  }

  private String listSubscriptions(List<Subscription> subscriptions) {
    StringBuilder xml = new StringBuilder("<Subscriptions>");
    for (Subscription subscription : subscriptions) {
      xml.append("<member>")
          .append(element("TopicArn", subscription.topicArn))
          .append(element("Protocol", subscription.protocol))
          .append(element("SubscriptionArn", subscription.arn))
          .append(element("Owner", LocalAwsAccount.ACCOUNT_ID))
          .append(element("Endpoint", subscription.endpoint))
          .append("</member>");
    }
    return xml.append("</Subscriptions>").toString();
  }

  private String getSubscriptionAttributes(SnsQueryRequest request) {
    Subscription subscription = subscription(request.required("SubscriptionArn"));
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("SubscriptionArn", subscription.arn);
    attributes.put("TopicArn", subscription.topicArn);
    attributes.put("Protocol", subscription.protocol);
    attributes.put("Endpoint", subscription.endpoint);
    attributes.put("Owner", LocalAwsAccount.ACCOUNT_ID);
    attributes.put("ConfirmationWasAuthenticated", "true");
    attributes.put("PendingConfirmation", "false");
    attributes.put("RawMessageDelivery", String.valueOf(subscription.raw()));
    subscription.attributes.forEach(attributes::putIfAbsent);
    return attributesXml(attributes);
  }

  private String setSubscriptionAttributes(SnsQueryRequest request) {
    Subscription subscription = subscription(request.required("SubscriptionArn"));
    String value = request.optional("AttributeValue");
    subscription.set(request.required("AttributeName"), value == null ? "" : value);
    return "";
  }

  private String publish(SnsQueryRequest request) {
    String phone = request.optional("PhoneNumber");
    if (phone != null) {
      if (!E164.matcher(phone).matches()) {
        throw SnsError.invalidParameter("PhoneNumber Reason: " + phone + " is not E.164");
      }
      String text = request.optional("Message");
      if (text == null || text.isEmpty()) {
        throw SnsError.invalidParameter("Message Reason: no value for required parameter");
      }
      TextMessage sms =
          new TextMessage(
              java.util.UUID.randomUUID().toString(), phone, text, java.time.Instant.now());
      textMessages.add(sms);
      return element("MessageId", sms.messageId());
    }
    String arn = request.optional("TopicArn");
    if (arn == null) {
      arn = request.optional("TargetArn");
    }
    if (arn == null) {
      throw SnsError.invalidParameter(
          "TopicArn or TargetArn Reason: no value for required parameter");
    }
    Topic topic = topic(arn);
    Message message =
        message(
            topic,
            request.optional("Message"),
            request.optional("MessageStructure"),
            request.optional("Subject"),
            request.messageAttributes("MessageAttributes"),
            request.optional("MessageGroupId"),
            request.optional("MessageDeduplicationId"));
    deliver(topic, message);
    return element("MessageId", message.id());
  }

  private String publishBatch(SnsQueryRequest request) {
    Topic topic = topic(request.required("TopicArn"));
    String prefix = "PublishBatchRequestEntries";
    List<String> entries = request.members(prefix, "Id");
    if (entries.isEmpty()) {
      throw SnsError.of("EmptyBatchRequest", 400, "The batch request doesn't contain any entries");
    }
    if (entries.size() > 10) {
      throw SnsError.of(
          "TooManyEntriesInBatchRequest",
          400,
          "The batch request contains more entries than permissible");
    }
    List<String> ids = new ArrayList<>();
    for (String entry : entries) {
      String id = request.optional(entry + ".Id");
      if (ids.contains(id)) {
        throw SnsError.of(
            "BatchEntryIdsNotDistinct",
            400,
            "Two or more batch entries in the request have the same Id");
      }
      ids.add(id);
    }
    StringBuilder successful = new StringBuilder("<Successful>");
    StringBuilder failed = new StringBuilder("<Failed>");
    for (String entry : entries) {
      String id = request.optional(entry + ".Id");
      try {
        Message message =
            message(
                topic,
                request.optional(entry + ".Message"),
                request.optional(entry + ".MessageStructure"),
                request.optional(entry + ".Subject"),
                request.messageAttributes(entry + ".MessageAttributes"),
                request.optional(entry + ".MessageGroupId"),
                request.optional(entry + ".MessageDeduplicationId"));
        deliver(topic, message);
        successful
            .append("<member>")
            .append(element("Id", id))
            .append(element("MessageId", message.id()))
            .append("</member>");
      } catch (SnsError e) {
        failed
            .append("<member>")
            .append(element("Id", id))
            .append(element("Code", e.code()))
            .append(element("Message", e.getMessage()))
            .append(element("SenderFault", "true"))
            .append("</member>");
      }
    }
    return successful.append("</Successful>").toString() + failed.append("</Failed>");
  }

  private Message message(
      Topic topic,
      String body,
      String structure,
      String subject,
      Map<String, SnsMessageAttribute> attributes,
      String groupId,
      String deduplicationId) {
    if (body == null || body.isEmpty()) {
      throw SnsError.invalidParameter("Empty message");
    }
    if (body.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
      throw SnsError.invalidParameter("Message too long");
    }
    if ("json".equals(structure)) {
      body = sqsVariant(body);
    }
    if (topic.fifo() && (groupId == null || groupId.isEmpty())) {
      throw SnsError.invalidParameter("The MessageGroupId parameter is required for FIFO topics");
    }
    return new Message(
        UUID.randomUUID().toString(), body, subject, attributes, groupId, deduplicationId);
  }

  /** With MessageStructure=json, an SQS subscriber gets the "sqs" entry, else "default". */
  private static String sqsVariant(String body) {
    try {
      JsonNode variants = JSON.readTree(body);
      JsonNode chosen = variants.has("sqs") ? variants.get("sqs") : variants.get("default");
      if (chosen == null || !chosen.isTextual()) {
        throw SnsError.invalidParameter(
            "Message Structure - No default entry in JSON message body");
      }
      return chosen.asText();
    } catch (JsonProcessingException e) {
      throw SnsError.invalidParameter("Message Structure - JSON message body failed to parse");
    }
  }

  private void deliver(Topic topic, Message message) {
    for (Subscription subscription : topic.subscriptions) {
      sendToQueue(topic, subscription, message);
    }
  }

  private void sendToQueue(Topic topic, Subscription subscription, Message message) {
    String queueUrl;
    try {
      queueUrl = queueUrls.computeIfAbsent(subscription.endpoint, this::queueUrlOf);
    } catch (QueueDoesNotExistException e) {
      // SNS would retry and finally drop the message; a missing queue is a test's wiring error.
      LOG.warn("SNS stand-in dropped message {}: no queue {}", message.id(), subscription.endpoint);
      return;
    }
    SendMessageRequest.Builder send = SendMessageRequest.builder().queueUrl(queueUrl);
    if (subscription.raw()) {
      send.messageBody(message.body()).messageAttributes(sqsAttributes(message.attributes()));
    } else {
      send.messageBody(envelope(topic, subscription, message));
    }
    if (queueUrl.endsWith(".fifo")) {
      send.messageGroupId(message.groupId() == null ? "default" : message.groupId())
          .messageDeduplicationId(
              message.deduplicationId() == null ? message.id() : message.deduplicationId());
    }
    try {
      sqs.sendMessage(send.build());
    } catch (QueueDoesNotExistException e) {
      queueUrls.remove(subscription.endpoint);
      LOG.warn("SNS stand-in dropped message {}: queue {} is gone", message.id(), queueUrl);
    }
  }

  private String queueUrlOf(String queueArn) {
    String[] parts = queueArn.split(":");
    String name = parts[parts.length - 1];
    String owner = parts.length > 4 ? parts[4] : LocalAwsAccount.ACCOUNT_ID;
    return sqs.getQueueUrl(r -> r.queueName(name).queueOwnerAWSAccountId(owner)).queueUrl();
  }

  private static Map<String, MessageAttributeValue> sqsAttributes(
      Map<String, SnsMessageAttribute> attributes) {
    Map<String, MessageAttributeValue> sqsAttributes = new LinkedHashMap<>();
    attributes.forEach(
        (name, attribute) -> {
          MessageAttributeValue.Builder value =
              MessageAttributeValue.builder().dataType(attribute.dataType());
          if (attribute.isBinary()) {
            value.binaryValue(
                SdkBytes.fromByteArray(Base64.getDecoder().decode(attribute.binaryValue())));
          } else {
            value.stringValue(attribute.stringValue());
          }
          sqsAttributes.put(name, value.build());
        });
    return sqsAttributes;
  }

  private String envelope(Topic topic, Subscription subscription, Message message) {
    ObjectNode envelope = JSON.createObjectNode();
    envelope.put("Type", "Notification");
    envelope.put("MessageId", message.id());
    if (message.groupId() != null && topic.fifo()) {
      envelope.put("SequenceNumber", String.valueOf(System.nanoTime()));
    }
    envelope.put("TopicArn", topic.arn);
    if (message.subject() != null) {
      envelope.put("Subject", message.subject());
    }
    envelope.put("Message", message.body());
    envelope.put("Timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
    envelope.put("SignatureVersion", "1");
    envelope.put("Signature", "U05TIHN0YW5kLWluOiBtZXNzYWdlcyBhcmUgbm90IHNpZ25lZA==");
    envelope.put(
        "SigningCertURL",
        "https://sns."
            + LocalAwsAccount.REGION
            + ".amazonaws.com/SimpleNotificationService-local.pem");
    envelope.put(
        "UnsubscribeURL",
        endpoint
            + "/?Action=Unsubscribe&SubscriptionArn="
            + URLEncoder.encode(subscription.arn, StandardCharsets.UTF_8));
    if (!message.attributes().isEmpty()) {
      ObjectNode attributes = envelope.putObject("MessageAttributes");
      message
          .attributes()
          .forEach(
              (name, attribute) ->
                  attributes
                      .putObject(name)
                      .put("Type", attribute.dataType())
                      .put("Value", attribute.envelopeValue()));
    }
    try {
      return JSON.writeValueAsString(envelope);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("SNS envelope did not serialize", e);
    }
  }

  private Topic topic(String arn) {
    Topic topic = topics.get(arn);
    if (topic == null) {
      throw SnsError.notFound("Topic does not exist");
    }
    return topic;
  }

  private Subscription subscription(String arn) {
    for (Topic topic : topics.values()) {
      for (Subscription subscription : topic.subscriptions) {
        if (subscription.arn.equals(arn)) {
          return subscription;
        }
      }
    }
    throw SnsError.notFound("Subscription does not exist");
  }

  private static String respond(String action, String result, String requestId) {
    StringBuilder xml = new StringBuilder();
    xml.append("<").append(action).append("Response xmlns=\"").append(XMLNS).append("\">");
    if (!result.isEmpty()) {
      xml.append("<").append(action).append("Result>").append(result);
      xml.append("</").append(action).append("Result>");
    }
    xml.append("<ResponseMetadata>").append(element("RequestId", requestId));
    xml.append("</ResponseMetadata></").append(action).append("Response>");
    return xml.toString();
  }

  private static String error(SnsError error, String requestId) {
    return "<ErrorResponse xmlns=\""
        + XMLNS
        + "\"><Error>"
        + element("Type", error.type())
        + element("Code", error.code())
        + element("Message", error.getMessage())
        + "</Error>"
        + element("RequestId", requestId)
        + "</ErrorResponse>";
  }

  private static String attributesXml(Map<String, String> attributes) {
    StringBuilder xml = new StringBuilder("<Attributes>");
    attributes.forEach(
        (key, value) ->
            xml.append("<entry>")
                .append(element("key", key))
                .append(element("value", value))
                .append("</entry>"));
    return xml.append("</Attributes>").toString();
  }

  private static String element(String name, String value) {
    return "<" + name + ">" + escape(value) + "</" + name + ">";
  }

  private static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&apos;");
        case '\r' -> escaped.append("&#13;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
