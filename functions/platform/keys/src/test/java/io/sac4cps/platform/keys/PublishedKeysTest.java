package io.sac4cps.platform.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A retired key is refused at its retire time, not when the verifier next fetches the JWKS. */
class PublishedKeysTest {
  private static final Duration OVERLAP = Duration.ofHours(1);

  private final MovingClock clock = new MovingClock(Instant.parse("2026-12-01T20:00:00Z"));

  @Test
  void aRetiredKeyIsPublishedWithItsRetireTimeAndRefusedFromThatMoment() {
    SigningKeyRing ring = SigningKeyRing.generate();
    String retiring = ring.active().getKeyID();
    SigningKeyRing rotated = ring.rotate(clock.instant(), OVERLAP);
    Instant retireAt = clock.instant().plus(OVERLAP);

    JWK published = rotated.publicKeys(clock.instant()).getKeyByKeyId(retiring);
    assertThat(published.getExpirationTime().toInstant()).isEqualTo(retireAt);
    assertThat(rotated.publicKeys(clock.instant()).getKeyByKeyId(rotated.active().getKeyID()))
        .extracting(JWK::getExpirationTime)
        .as("the signing key has no end")
        .isNull();

    // The JWKS as identity serves it just before the retire time; the verifier fetched it then.
    clock.set(retireAt.minus(Duration.ofMinutes(1)));
    String servedThen = rotated.publicKeys(clock.instant()).toString();
    PublishedKeys keys =
        new PublishedKeys(
            servedThen,
            () -> servedThen,
            "identity",
            PublishedKeys.MAX_AGE,
            PublishedKeys.MIN_REFRESH_INTERVAL,
            clock);
    assertThat(keys.verifier(retiring)).as("in the overlap").isPresent();

    clock.set(retireAt);
    assertThat(keys.verifier(retiring))
        .as("at the retire time, well within the %s the keys are held", PublishedKeys.MAX_AGE)
        .isEmpty();
    assertThat(keys.verifier(rotated.active().getKeyID())).isPresent();
    assertThat(keys.verifier(rotated.next().orElseThrow().getKeyID())).isPresent();
  }

  @Test
  void aRingReadBackKeepsItsRetireTimes() {
    SigningKeyRing rotated = SigningKeyRing.generate().rotate(clock.instant(), OVERLAP);
    SigningKeyRing read = SigningKeyRing.parse(rotated.toJson());

    assertThat(read.publicKeys(clock.instant()).toString())
        .isEqualTo(rotated.publicKeys(clock.instant()).toString());
    assertThat(read.publicKeys(clock.instant().plus(OVERLAP)).getKeys())
        .as("past the overlap only the active and next keys are published")
        .hasSize(2);
  }

  private static final class MovingClock extends Clock {
    private volatile Instant now;

    MovingClock(Instant now) {
      this.now = now;
    }

    void set(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
