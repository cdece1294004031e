package io.sac4cps.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

  @Test
  void oneAccountWhateverTheCaseAndSurroundingSpaces() {
    assertThat(new EmailAddress("  Ada.Lovelace@Example.COM ").value())
        .isEqualTo("ada.lovelace@example.com");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ada@example.com",
        "ada+sensors@acme.example",
        "o'brien@sub.domain.example",
        "x@a.io"
      })
  void acceptsOrdinaryAddresses(String email) {
    assertThat(EmailAddress.problem(email)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ada",
        "ada@",
        "@example.com",
        "ada@example",
        "ada@@example.com",
        "ada lovelace@example.com",
        "ada@exa mple.com",
        ".ada@example.com",
        "ada..l@example.com",
        "ada@-example.com",
        "ada@exam\u0000ple.com"
      })
  void rejectsWhatIsNotAnAddress(String email) {
    assertThat(EmailAddress.problem(email)).contains("is not a valid email address");
  }

  @Test
  void saysWhatIsMissingOrTooLong() {
    assertThat(EmailAddress.problem(null)).contains("is required");
    assertThat(EmailAddress.problem("  ")).contains("is required");
    String tooLong = "a".repeat(60) + "@" + "b".repeat(190) + ".example";
    assertThat(EmailAddress.problem(tooLong)).contains("must be at most 254 characters");
  }

  @Test
  void cannotBeBuiltFromAnInvalidAddress() {
    assertThatThrownBy(() -> new EmailAddress("nope")).isInstanceOf(IllegalArgumentException.class);
  }
}
