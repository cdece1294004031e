package io.sac4cps.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher(PasswordHasher.Cost.RECOMMENDED);

  @Test
  void storesAnArgon2idHashThatNamesItsCostAndNeverThePassword() {
    String hash = hasher.hash("correct horse battery staple");

    assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("horse");
    assertThat(hash.split("\\$")).hasSize(6);
  }

  @Test
  void verifiesTheRightPasswordOnly() {
    String hash = hasher.hash("correct horse battery staple");

    assertThat(hasher.verify("correct horse battery staple", hash)).isTrue();
    assertThat(hasher.verify("correct horse battery stapler", hash)).isFalse();
    assertThat(hasher.verify("Correct horse battery staple", hash)).isFalse();
  }

  @Test
  void saltsEveryHash() {
    assertThat(hasher.hash("correct horse battery staple"))
        .isNotEqualTo(hasher.hash("correct horse battery staple"));
  }

  @Test
  void keepsVerifyingHashesMadeWithAnOlderCostAndAsksForARehash() {
    PasswordHasher older = new PasswordHasher(new PasswordHasher.Cost(8_192, 1, 1));
    String oldHash = older.hash("correct horse battery staple");

    assertThat(hasher.verify("correct horse battery staple", oldHash)).isTrue();
    assertThat(hasher.needsRehash(oldHash)).isTrue();
    assertThat(hasher.needsRehash(hasher.hash("correct horse battery staple"))).isFalse();
  }

  @Test
  void treatsAnythingButAnArgon2idHashAsAMismatch() {
    assertThat(hasher.verify("x", "$2a$10$abcdefghijklmnopqrstuv")).isFalse();
    assertThat(hasher.verify("x", "")).isFalse();
    assertThat(hasher.verify("x", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA")).isFalse();
  }
}
