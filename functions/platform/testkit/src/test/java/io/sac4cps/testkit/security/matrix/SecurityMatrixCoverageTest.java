package io.sac4cps.testkit.security.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.contracts.api.ApiContract;
import io.sac4cps.contracts.wiring.Wiring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every function of contracts/wiring.yaml that serves an active (not {@code x-status: planned})
 * route of contracts/openapi.yaml has a security matrix and a robustness suite: test classes under
 * {@code functions/<name>/src/test/java} that extend {@link FunctionSecurityMatrix} and {@code
 * FunctionRobustness} with its own name. Read from the sources, because each function's tests run
 * in their own module and JVM.
 */
class SecurityMatrixCoverageTest {
  private static final Pattern MATRIX_CLASS = baseClass("FunctionSecurityMatrix");
  private static final Pattern ROBUSTNESS_CLASS = baseClass("FunctionRobustness");
  private static final Pattern FUNCTION_NAME =
      Pattern.compile("\\bsuper\\(\\s*\"([^\"]+)\"\\s*\\)");

  @Test
  void everyFunctionWithActiveRoutesHasASecurityMatrix() {
    Path repository = repositoryRoot();
    Set<String> needing = functionsWithActiveRoutes(Wiring.load(), ApiContract.load());

    assertThat(needing).as("functions with active routes in the contract").isNotEmpty();
    assertThat(withoutMatrix(repository, needing))
        .as(
            "functions with active routes in contracts/openapi.yaml but no test class extending"
                + " FunctionSecurityMatrix under functions/<name>/src/test/java")
        .isEmpty();
  }

  /** The same for the robustness suite (testkit's ContractRobustness): generated bad input. */
  @Test
  void everyFunctionWithActiveRoutesHasARobustnessSuite() {
    Path repository = repositoryRoot();
    Set<String> needing = functionsWithActiveRoutes(Wiring.load(), ApiContract.load());

    assertThat(without(repository, needing, ROBUSTNESS_CLASS))
        .as(
            "functions with active routes in contracts/openapi.yaml but no test class extending"
                + " FunctionRobustness under functions/<name>/src/test/java")
        .isEmpty();
  }

  @Test
  void aFunctionWhoseMatrixIsMissingOrNamesAnotherFunctionIsReported(@TempDir Path repository)
      throws IOException {
    write(
        repository.resolve("functions/rooms/src/test/java/x/RoomsSecurityMatrixIT.java"),
        "class RoomsSecurityMatrixIT extends FunctionSecurityMatrix {\n"
            + "  RoomsSecurityMatrixIT() { super(\"rooms\"); }\n}\n");
    write(
        repository.resolve("functions/sensors/src/test/java/x/SensorsSecurityMatrixIT.java"),
        "class SensorsSecurityMatrixIT extends FunctionSecurityMatrix {\n"
            + "  SensorsSecurityMatrixIT() { super(\"rooms\"); }\n}\n");
    write(
        repository.resolve("functions/identity/src/test/java/x/LoginIT.java"),
        "class LoginIT { /* extends FunctionSecurityMatrix in a comment only */ }\n");

    assertThat(withoutMatrix(repository, Set.of("rooms", "sensors", "identity", "tasks")))
        .containsExactly("identity", "sensors", "tasks");
  }

  private static Set<String> functionsWithActiveRoutes(Wiring wiring, ApiContract contract) {
    Set<String> functions = new TreeSet<>();
    wiring.functions().stream()
        .filter(f -> contract.operationsOf(f.name()).stream().anyMatch(o -> !o.planned()))
        .forEach(f -> functions.add(f.name()));
    return functions;
  }

  private static Pattern baseClass(String name) {
    return Pattern.compile("\\bclass\\s+\\w+\\s+extends\\s+" + name + "\\b");
  }

  /** The functions of {@code needing} without a matrix class naming them, sorted. */
  private static List<String> withoutMatrix(Path repository, Set<String> needing) {
    return without(repository, needing, MATRIX_CLASS);
  }

  /** The functions of {@code needing} without a test class of {@code kind} naming them, sorted. */
  private static List<String> without(Path repository, Set<String> needing, Pattern kind) {
    List<String> missing = new ArrayList<>();
    for (String function : new TreeSet<>(needing)) {
      Path tests = repository.resolve("functions").resolve(function).resolve("src/test/java");
      if (!has(tests, function, kind)) {
        missing.add(function);
      }
    }
    return missing;
  }

  private static boolean has(Path tests, String function, Pattern kind) {
    if (!Files.isDirectory(tests)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(tests)) {
      return files
          .filter(file -> file.toString().endsWith(".java"))
          .map(SecurityMatrixCoverageTest::read)
          .map(SecurityMatrixCoverageTest::withoutComments)
          .anyMatch(source -> kind.matcher(source).find() && names(source, function));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean names(String source, String function) {
    Matcher name = FUNCTION_NAME.matcher(source);
    return name.find() && name.group(1).equals(function);
  }

  private static String withoutComments(String source) {
    return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
  }

  /** The checkout: the nearest directory upwards that holds contracts/wiring.yaml. */
  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("contracts/wiring.yaml"))
          && Files.isDirectory(dir.resolve("functions"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no directory above " + Path.of("").toAbsolutePath() + " holds contracts/wiring.yaml");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
