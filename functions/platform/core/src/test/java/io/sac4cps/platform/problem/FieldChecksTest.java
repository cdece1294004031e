package io.sac4cps.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every check reports its field with a message a client can act on, all in one 400. */
class FieldChecksTest {

  @Test
  void collectsEveryErrorAndAnswersOne400() {
    FieldChecks checks =
        new FieldChecks()
            .text("name", null, true, 10)
            .text("nick", " ", false, 10)
            .text("city", "x".repeat(11), true, 10)
            .range("floor", null, true, -20, 300)
            .range("area", 0.05, false, 0.1, 100_000)
            .range("capacity", Double.NaN, false, 0, 10)
            .matches("id", "-bad", Pattern.compile("[a-z]+"), "must be letters")
            .check("password", Optional.of("is too short"))
            .absent("roles", java.util.List.of(), "needs an admin's token");
    assertThat(checks.errors())
        .extracting(Problem.FieldError::field, Problem.FieldError::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("name", "is required"),
            org.assertj.core.groups.Tuple.tuple("nick", "must not be blank"),
            org.assertj.core.groups.Tuple.tuple("city", "must be at most 10 characters"),
            org.assertj.core.groups.Tuple.tuple("floor", "is required"),
            org.assertj.core.groups.Tuple.tuple("area", "must be between 0.1 and 100000"),
            org.assertj.core.groups.Tuple.tuple("capacity", "must be between 0 and 10"),
            org.assertj.core.groups.Tuple.tuple("id", "must be letters"),
            org.assertj.core.groups.Tuple.tuple("password", "is too short"),
            org.assertj.core.groups.Tuple.tuple("roles", "needs an admin's token"));
    assertThatThrownBy(checks::orThrow)
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.status().getCode()).isEqualTo(400);
              assertThat(e.errors()).hasSize(9);
            });
  }

  @Test
  void validValuesPass() {
    new FieldChecks()
        .text("name", " Ada ", true, 3)
        .text("nick", null, false, 10)
        .range("floor", -20, true, -20, 300)
        .range("area", null, false, 0.1, 100_000)
        .matches("id", null, Pattern.compile("[a-z]+"), "must be letters")
        .check("password", Optional.empty())
        .absent("roles", null, "needs an admin's token")
        .orThrow();
  }
}
