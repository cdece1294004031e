package io.sac4cps.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalStackMainTest {

  @Test
  void dataDirectoryIsOptionalAndAbsolute() {
    assertThat(LocalStackMain.Arguments.parse(List.of()).dataDirectory()).isEmpty();
    var arguments = LocalStackMain.Arguments.parse(List.of("--demo", "--data", "run/data"));
    assertThat(arguments.demo()).isTrue();
    assertThat(arguments.dataDirectory())
        .contains(Path.of("run/data").toAbsolutePath().normalize());
    assertThat(LocalStackMain.Arguments.parse(List.of("--data=/tmp/x")).dataDirectory())
        .contains(Path.of("/tmp/x"));
  }

  @Test
  void aTypoIsAnErrorNotIgnored() {
    assertThatThrownBy(() -> LocalStackMain.Arguments.parse(List.of("--dmeo")))
        .hasMessageContaining("--dmeo");
    assertThatThrownBy(() -> LocalStackMain.Arguments.parse(List.of("--data")))
        .hasMessageContaining("needs a directory");
  }
}
