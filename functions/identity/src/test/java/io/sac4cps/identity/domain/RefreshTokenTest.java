package io.sac4cps.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.identity.domain.RefreshToken.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RefreshTokenTest {
  private static final Instant ISSUED = Instant.parse("2025-03-01T08:00:00Z");

  @Test
  void isGoodOnceWithinItsOwnAndItsSessionsLifetime() {
    RefreshToken token = token(Duration.ofDays(14), Duration.ofDays(30), null, null);

    assertThat(token.verdictAt(ISSUED.plusSeconds(1))).isEqualTo(Verdict.VALID);
    assertThat(token.verdictAt(ISSUED.plus(Duration.ofDays(14)))).isEqualTo(Verdict.EXPIRED);
  }

  @Test
  void cannotOutliveItsSession() {
    RefreshToken token = token(Duration.ofDays(14), Duration.ofDays(2), null, null);

    assertThat(token.verdictAt(ISSUED.plus(Duration.ofDays(3)))).isEqualTo(Verdict.EXPIRED);
  }

  @Test
  void aReplacedOrRevokedTokenPresentedAgainIsReuseEvenAfterItExpired() {
    Instant later = ISSUED.plusSeconds(60);

    assertThat(token(Duration.ofDays(14), Duration.ofDays(30), later, null).verdictAt(later))
        .isEqualTo(Verdict.REUSED);
    assertThat(token(Duration.ofDays(14), Duration.ofDays(30), null, later).verdictAt(later))
        .isEqualTo(Verdict.REUSED);
    assertThat(
            token(Duration.ofDays(14), Duration.ofDays(30), later, null)
                .verdictAt(ISSUED.plus(Duration.ofDays(20))))
        .isEqualTo(Verdict.REUSED);
  }

  private static RefreshToken token(
      Duration lifetime, Duration session, Instant replacedAt, Instant revokedAt) {
    return new RefreshToken(
        "rt-1",
        "family-1",
        "tenant-1",
        "user-1",
        ISSUED,
        ISSUED.plus(lifetime),
        ISSUED.plus(session),
        replacedAt,
        revokedAt);
  }
}
