package io.sac4cps.localstack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Iterator;
import org.junit.jupiter.api.BeforeAll;

/**
 * Target (3): a deployed AWS stack. Runs only under {@code -Paws-e2e}; the base URL comes from
 * {@code -De2e.baseUrl=https://…/prod} or from the CDK outputs file {@code
 * -De2e.outputs=cdk-outputs.json} (its {@code ApiUrl} output).
 */
class AwsE2EIT extends Scenarios {
  private static DeployedApi target;

  @BeforeAll
  static void locate() {
    String baseUrl = System.getProperty("e2e.baseUrl", "");
    if (baseUrl.isBlank()) {
      String outputs = System.getProperty("e2e.outputs", "");
      if (outputs.isBlank()) {
        throw new IllegalStateException(
            "aws-e2e needs -De2e.baseUrl=<API URL> or -De2e.outputs=<cdk outputs JSON>");
      }
      baseUrl = apiUrlFrom(Path.of(outputs));
    }
    target = new DeployedApi(URI.create(baseUrl));
  }

  /** The first stack's {@code ApiUrl} output. */
  static String apiUrlFrom(Path outputs) {
    try {
      JsonNode root = new ObjectMapper().readTree(outputs.toFile());
      for (Iterator<JsonNode> stacks = root.elements(); stacks.hasNext(); ) {
        JsonNode url = stacks.next().path("ApiUrl");
        if (url.isTextual()) {
          return url.asText();
        }
      }
      throw new IllegalStateException(outputs + " has no ApiUrl output");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + outputs, e);
    }
  }

  @Override
  protected E2eTarget target() {
    return target;
  }
}
