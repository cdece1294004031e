package io.sac4cps.testkit;

import io.sac4cps.contracts.wiring.SchemaRole;
import io.sac4cps.embedded.LocalAwsAccount;
import io.sac4cps.embedded.PostgresDatabase;
import io.sac4cps.embedded.QueueSettings;
import io.sac4cps.embedded.SqsQueue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One test class's view of the shared embedded servers: its own database, its own topic and queue
 * names (so classes never see each other's messages), and the Micronaut properties that point a
 * function at all of it.
 *
 * <p>With JUnit, annotate the class with {@link EmbeddedInfrastructure} and take an {@code
 * Infrastructure} parameter. Without it (e.g. in a Micronaut {@code TestPropertyProvider}), call
 * {@link #forTestClass(Class)}; the same class always gets the same instance.
 */
public final class Infrastructure {

  private static final Map<Class<?>, Infrastructure> BY_TEST_CLASS = new ConcurrentHashMap<>();

  private final Set<Service> services;
  private final String tag;
  private volatile PostgresDatabase database;
  private volatile PostgresDatabase functionDatabase;

  private Infrastructure(Set<Service> services, String tag) {
    this.services = Collections.unmodifiableSet(services);
    this.tag = tag;
  }

  /**
   * The infrastructure of a test class: the services its {@link EmbeddedInfrastructure} names
   * (without the annotation, its defaults), started before this returns.
   */
  public static Infrastructure forTestClass(Class<?> testClass) {
    return BY_TEST_CLASS.computeIfAbsent(testClass, Infrastructure::create);
  }

  private static Infrastructure create(Class<?> testClass) {
    EmbeddedInfrastructure annotation = annotationOf(testClass);
    EnumSet<Service> services =
        EnumSet.copyOf(List.of(annotation == null ? defaultServices() : annotation.services()));
    if (services.contains(Service.SNS)) {
      services.add(Service.SQS);
    }
    SharedServers.start(services);
    return new Infrastructure(services, tagFor(testClass));
  }

  private static Service[] defaultServices() {
    try {
      return (Service[]) EmbeddedInfrastructure.class.getMethod("services").getDefaultValue();
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  private static EmbeddedInfrastructure annotationOf(Class<?> testClass) {
    for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
      EmbeddedInfrastructure annotation = c.getAnnotation(EmbeddedInfrastructure.class);
      if (annotation != null) {
        return annotation;
      }
    }
    return null;
  }

  /** e.g. {@code roomsapiit-3f9a1c}: readable in logs, unique per class and per run. */
  private static String tagFor(Class<?> testClass) {
    String simple = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (simple.length() > 24) {
      simple = simple.substring(0, 24);
    }
    return (simple.isEmpty() ? "test" : simple)
        + "-"
        + UUID.randomUUID().toString().substring(0, 6);
  }

  public Set<Service> services() {
    return services;
  }

  /** The suffix that makes this class's names unique, e.g. {@code roomsapiit-3f9a1c}. */
  public String tag() {
    return tag;
  }

  /** {@code base-<tag>}: a name for a topic or queue that no other test class uses. */
  public String uniqueName(String base) {
    return base + "-" + tag;
  }

  /** This class's own empty database, created on first call. */
  public PostgresDatabase database() {
    require(Service.POSTGRES);
    PostgresDatabase current = database;
    if (current == null) {
      synchronized (this) {
        if (database == null) {
          database = SharedServers.postgres().createDatabase(tag.replace('-', '_'));
        }
        current = database;
      }
    }
    return current;
  }

  /**
   * {@link #database()} as the function under test signs in to it: as its {@link SchemaRole},
   * provisioned as the migration step does in AWS, so the function reaches its own schema only. The
   * function is the one whose {@code application.yml} is on the test class path, its schema {@code
   * datasources.default.schema}; without one (platform tests, no function) the database's owner.
   */
  public PostgresDatabase functionDatabase() {
    PostgresDatabase current = functionDatabase;
    if (current == null) {
      synchronized (this) {
        if (functionDatabase == null) {
          PostgresDatabase owner = database();
          functionDatabase =
              FUNCTION_SCHEMA
                  .map(SchemaRole::new)
                  .map(role -> provisioned(owner, role))
                  .orElse(owner);
        }
        current = functionDatabase;
      }
    }
    return current;
  }

  /**
   * {@link #database()} as the function owning {@code schema} signs in to it, for a test that runs
   * several functions (a benchmark starting each in its own JVM); provisioned on every call.
   */
  public PostgresDatabase databaseAs(String schema) {
    return provisioned(database(), new SchemaRole(schema));
  }

  private static PostgresDatabase provisioned(PostgresDatabase owner, SchemaRole role) {
    owner.execute(role.provisioning(owner.name(), Optional.of(role.localPassword())));
    return owner.as(role.role(), role.localPassword());
  }

  private static final Optional<String> FUNCTION_SCHEMA = functionSchema();

  @SuppressWarnings("unchecked")
  private static Optional<String> functionSchema() {
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream("application.yml")) {
      if (in == null) {
        return Optional.empty();
      }
      Object value = new Yaml().load(in);
      for (String key : List.of("datasources", "default", "schema")) {
        value = value instanceof Map<?, ?> map ? map.get(key) : null;
      }
      return Optional.ofNullable(value).map(Object::toString);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read application.yml", e);
    }
  }

  public String kafkaBootstrapServers() {
    require(Service.KAFKA);
    return SharedServers.kafka().bootstrapServers();
  }

  /**
   * Creates a Kafka topic named {@link #uniqueName(String) uniqueName(base)} and returns the name.
   */
  public String kafkaTopic(String base, int partitions) {
    require(Service.KAFKA);
    String name = uniqueName(base);
    SharedServers.kafka().createTopic(name, partitions);
    return name;
  }

  /** Creates a queue {@code uniqueName(base)} with its DLQ and default settings. */
  public SqsQueue queue(String base) {
    return queue(base, QueueSettings.DEFAULT);
  }

  public SqsQueue queue(String base, QueueSettings settings) {
    require(Service.SQS);
    return SharedServers.sqs().createQueue(uniqueName(base), settings);
  }

  /** Creates an SNS topic {@code uniqueName(base)} on the stand-in and returns its ARN. */
  public String snsTopic(String base) {
    require(Service.SNS);
    return snsClient().createTopic(r -> r.name(uniqueName(base))).topicArn();
  }

  /**
   * Subscribes a queue to a topic, as the wiring does in AWS.
   *
   * @param attributes subscription attributes, e.g. {@code RawMessageDelivery}, {@code
   *     FilterPolicy}
   * @return the subscription ARN
   */
  public String subscribe(String topicArn, SqsQueue queue, Map<String, String> attributes) {
    require(Service.SNS);
    return snsClient()
        .subscribe(
            r -> r.topicArn(topicArn).protocol("sqs").endpoint(queue.arn()).attributes(attributes))
        .subscriptionArn();
  }

  /**
   * This class's own bucket, {@code uniqueName("files")}, created if missing; {@link #properties()}
   * gives it as the wiring bucket {@value #BUCKET} ({@code sac4cps.s3.buckets.files}).
   */
  /** The wiring name under which {@link #properties()} configures {@link #bucket()}. */
  public static final String BUCKET = "files";

  public String bucket() {
    require(Service.S3);
    String name = uniqueName("files");
    SharedServers.s3().createBucket(name);
    return name;
  }

  /** A shared S3 client for the embedded server (path-style); do not close it. */
  public S3Client s3Client() {
    require(Service.S3);
    return SharedServers.s3().client();
  }

  /** A shared SQS client for the embedded server; do not close it. */
  public SqsClient sqsClient() {
    require(Service.SQS);
    return SharedServers.sqs().client();
  }

  /** A shared SNS client for the stand-in; do not close it. */
  public SnsClient snsClient() {
    require(Service.SNS);
    return SharedServers.snsClient();
  }

  /**
   * Micronaut configuration that points a function at this class's servers, for {@code
   * ApplicationContext.run(properties)} or a handler's context builder: {@code
   * datasources.default.*} (as the function's role: {@link #functionDatabase()}), {@code
   * kafka.bootstrap.servers}, {@code aws.region}, dummy {@code aws.access-key-id}/{@code
   * aws.secret-key}, {@code aws.services.sqs|sns|s3.endpoint-override} as micronaut-aws-sdk-v2
   * reads them, and for S3 path-style access and {@code sac4cps.s3.buckets.files}. Only the
   * services this class asked for appear.
   */
  public Map<String, Object> properties() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(stringProperties()));
  }

  /**
   * {@link #properties()} with string values, as Micronaut's {@code TestPropertyProvider} wants.
   */
  public Map<String, String> stringProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    if (services.contains(Service.POSTGRES)) {
      PostgresDatabase db = functionDatabase();
      properties.put("datasources.default.url", db.jdbcUrl());
      properties.put("datasources.default.username", db.username());
      properties.put("datasources.default.password", db.password());
      properties.put("datasources.default.driver-class-name", PostgresDatabase.DRIVER_CLASS_NAME);
      properties.put("datasources.default.dialect", "POSTGRES");
    }
    if (services.contains(Service.KAFKA)) {
      properties.put("kafka.bootstrap.servers", kafkaBootstrapServers());
    }
    if (services.contains(Service.SQS)
        || services.contains(Service.SNS)
        || services.contains(Service.S3)) {
      properties.putAll(LocalAwsAccount.properties());
    }
    if (services.contains(Service.SQS)) {
      properties.put(
          "aws.services.sqs.endpoint-override", SharedServers.sqs().endpoint().toString());
    }
    if (services.contains(Service.SNS)) {
      properties.put(
          "aws.services.sns.endpoint-override", SharedServers.sns().endpoint().toString());
    }
    if (services.contains(Service.S3)) {
      properties.put("aws.services.s3.endpoint-override", SharedServers.s3().endpoint().toString());
      properties.put("aws.services.s3.path-style-access-enabled", "true");
      properties.put("sac4cps.s3.buckets." + BUCKET, bucket());
    }
    return Collections.unmodifiableMap(properties);
  }

  private void require(Service service) {
    if (!services.contains(service)) {
      throw new IllegalStateException(
          service
              + " is not among this test class's services "
              + services
              + "; add it to @EmbeddedInfrastructure(services = ...)");
    }
  }
}
