package io.sac4cps.platform.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sac4cps.platform.problem.ProblemException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorTest {

  @Test
  void aCursorGivesBackTheKeysItWasMadeOf() {
    String cursor = Cursor.encode("2026-01-01T00:00:00Z", "sensor/1");
    assertThat(Cursor.decode(cursor, 2)).containsExactly("2026-01-01T00:00:00Z", "sensor/1");
    assertThat(cursor).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void aForgedCursorIsABadRequestNamingTheCursorParameter() {
    assertThatThrownBy(() -> Cursor.decode("%%%not-base64", 1))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> assertThat(e.errors()).extracting("field").containsExactly("cursor"));
    // Text that happens to be base64url is refused the same way as text that is not.
    for (String madeUp : List.of("zzz", "0", "a".repeat(512), "eA")) {
      assertThatThrownBy(() -> Cursor.decode(madeUp, 1))
          .as(madeUp)
          .isInstanceOfSatisfying(
              ProblemException.class,
              e -> assertThat(e.errors()).extracting("field").containsExactly("cursor"));
    }
    String wrongArity = Cursor.encode("a", "b");
    assertThatThrownBy(() -> Cursor.decode(wrongArity, 1)).isInstanceOf(ProblemException.class);
  }

  @Test
  void limitDefaultsAndRejectsOutOfRangeValues() {
    assertThat(Cursor.limit(null, 50, 200)).isEqualTo(50);
    assertThat(Cursor.limit(200, 50, 200)).isEqualTo(200);
    for (int bad : List.of(0, -1, 201)) {
      assertThatThrownBy(() -> Cursor.limit(bad, 50, 200))
          .isInstanceOfSatisfying(
              ProblemException.class,
              e -> assertThat(e.errors()).extracting("field").containsExactly("limit"));
    }
  }
}
