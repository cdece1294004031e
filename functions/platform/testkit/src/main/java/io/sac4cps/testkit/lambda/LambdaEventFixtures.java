package io.sac4cps.testkit.lambda;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads Lambda event JSON files from the classpath, e.g. the fixtures under {@code events/} in this
 * jar: {@code api-gateway-proxy-v1.json}, {@code sqs-sns-envelope.json}, {@code
 * kafka-self-managed.json}.
 */
public final class LambdaEventFixtures {

  // Lambda's JSON is not the events' bean names: "Records" vs records, "eventSourceARN" vs
  // eventSourceArn. Case-insensitive matching bridges that, as Lambda's own serializer does.
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private LambdaEventFixtures() {}

  /**
   * The event at a classpath location, e.g. {@code load("events/sqs-sns-envelope.json",
   * SQSEvent.class)}.
   */
  public static <T> T load(String resource, Class<T> type) {
    try {
      return JSON.readValue(read(resource), type);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + resource + " as " + type.getName(), e);
    }
  }

  /** The raw JSON at a classpath location, for handlers that take a stream. */
  public static String read(String resource) {
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no classpath resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + resource, e);
    }
  }
}
