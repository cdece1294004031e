package io.sac4cps.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The event schemas and samples as they sit in contracts/events: {@code <type>/v<n>.schema.json}
 * and {@code <type>/samples/v<n>-<name>.json}. Read from the source tree so a new file is picked up
 * without touching the tests.
 */
final class EventContractFiles {

  static final Path ROOT = Path.of("events");
  static final ObjectMapper JSON = new ObjectMapper();

  private static final Pattern SCHEMA_FILE = Pattern.compile("v(\\d+)\\.schema\\.json");
  private static final Pattern SAMPLE_FILE = Pattern.compile("v(\\d+)-[a-z0-9-]+\\.json");
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  // Formats (date-time, email, uri) are only annotations in 2020-12 unless asserted.
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

  /** One schema version of one event type, e.g. {@code alert.raised} v1. */
  record SchemaVersion(String eventType, int version, Path file) {
    String wireType() {
      return eventType + ".v" + version;
    }

    JsonSchema schema() {
      return EventContractFiles.schema(file);
    }
  }

  record Sample(String eventType, int version, Path file) {
    JsonNode json() {
      return read(file);
    }

    @Override
    public String toString() {
      return ROOT.relativize(file).toString();
    }
  }

  private EventContractFiles() {}

  static JsonSchema envelope() {
    return schema(ROOT.resolve("cloudevent.schema.json"));
  }

  static List<SchemaVersion> schemaVersions() {
    return eventTypeDirectories()
        .flatMap(
            dir ->
                list(dir)
                    .map(
                        file -> {
                          Matcher m = SCHEMA_FILE.matcher(file.getFileName().toString());
                          return m.matches()
                              ? new SchemaVersion(
                                  dir.getFileName().toString(), Integer.parseInt(m.group(1)), file)
                              : null;
                        })
                    .filter(v -> v != null))
        .sorted(
            (a, b) ->
                a.eventType().equals(b.eventType())
                    ? Integer.compare(a.version(), b.version())
                    : a.eventType().compareTo(b.eventType()))
        .toList();
  }

  static List<Sample> samples() {
    return eventTypeDirectories()
        .flatMap(
            dir -> {
              Path samples = dir.resolve("samples");
              if (!Files.isDirectory(samples)) {
                return Stream.empty();
              }
              return list(samples)
                  .map(
                      file -> {
                        Matcher m = SAMPLE_FILE.matcher(file.getFileName().toString());
                        if (!m.matches()) {
                          throw new IllegalStateException(
                              "Sample " + file + " must be named v<version>-<name>.json");
                        }
                        return new Sample(
                            dir.getFileName().toString(), Integer.parseInt(m.group(1)), file);
                      });
            })
        .sorted((a, b) -> a.file().compareTo(b.file()))
        .toList();
  }

  static Set<ValidationMessage> validate(JsonSchema schema, JsonNode json) {
    return schema.validate(json);
  }

  static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonSchema schema(Path file) {
    return FACTORY.getSchema(read(file), CONFIG);
  }

  private static Stream<Path> eventTypeDirectories() {
    return list(ROOT).filter(Files::isDirectory);
  }

  private static Stream<Path> list(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
