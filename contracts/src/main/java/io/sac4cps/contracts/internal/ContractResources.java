package io.sac4cps.contracts.internal;

import io.sac4cps.contracts.InvalidContractException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads the contract files that the contracts jar carries under {@code contracts/}. */
public final class ContractResources {

  private ContractResources() {}

  /** The text of a classpath resource such as {@code contracts/openapi.yaml}. */
  public static String readClasspath(String resource) {
    try (InputStream in = ContractResources.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new InvalidContractException("Contract resource not on the classpath: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read contract resource " + resource, e);
    }
  }

  public static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read contract file " + file, e);
    }
  }

  /** Parses a YAML document whose root is a mapping, with SnakeYAML's safe constructor. */
  public static Map<String, Object> parseYamlMapping(String yaml, String what) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Object root = new Yaml(new SafeConstructor(options)).load(yaml);
    if (!(root instanceof Map<?, ?> map)) {
      throw new InvalidContractException(what + " is not a YAML mapping");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> mapping = (Map<String, Object>) map;
    return mapping;
  }
}
