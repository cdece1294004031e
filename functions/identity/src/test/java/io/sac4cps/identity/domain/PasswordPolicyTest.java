package io.sac4cps.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "correct horse battery staple",
        "Tr0ub4dor&3xyz",
        "sechs Wörter über Brücken",
        "日本語のパスワードです十二"
      })
  void acceptsLongPassphrasesWithoutCompositionRules(String password) {
    assertThat(PasswordPolicy.problem(password, "ada@example.com")).isEmpty();
  }

  @Test
  void needsTwelveToOneHundredTwentyEightCharacters() {
    assertThat(PasswordPolicy.problem("short pass1", "ada@example.com"))
        .contains("must be at least 12 characters");
    assertThat(PasswordPolicy.problem("x1y2".repeat(33), "ada@example.com"))
        .contains("must be at most 128 characters");
    assertThat(PasswordPolicy.problem(null, "ada@example.com")).contains("is required");
  }

  @Test
  void countsCharactersNotBytesOrUtf16Units() {
    // Twelve emoji are 24 UTF-16 units: still twelve characters, enough.
    String emoji = "🔥🌊🌲🍄🐝🦊🐙🌙🌟🍀🎲🎯";
    assertThat(PasswordPolicy.problem(emoji, "ada@example.com")).isEmpty();
    assertThat(PasswordPolicy.problem(emoji.substring(0, 22), "ada@example.com"))
        .contains("must be at least 12 characters");
  }

  @Test
  void refusesTheCommonestPasswordsAndRepetition() {
    assertThat(PasswordPolicy.problem("Password1234", "ada@example.com")).contains("is too common");
    assertThat(PasswordPolicy.problem("aaaaaaaaaaaaaaa", "ada@example.com"))
        .hasValueSatisfying(p -> assertThat(p).startsWith("is too easy to guess"));
    assertThat(PasswordPolicy.problem("abababababab", "ada@example.com"))
        .hasValueSatisfying(p -> assertThat(p).startsWith("is too easy to guess"));
  }

  @Test
  void refusesTheEmailAddressAsPassword() {
    assertThat(PasswordPolicy.problem("Ada.Lovelace@example.com", "ada.lovelace@example.com"))
        .contains("must not be the email address");
    assertThat(PasswordPolicy.problem("ada.lovelace", "ada.lovelace@example.com"))
        .contains("must not be the email address");
    assertThat(PasswordPolicy.problem("grace.hopper1", "grace.hopper1@example.com"))
        .contains("must not be the email address");
  }
}
