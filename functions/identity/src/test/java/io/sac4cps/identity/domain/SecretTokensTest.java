package io.sac4cps.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretTokensTest {

  @Test
  void secretsAre256RandomBitsInUrlSafeText() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String secret = SecretTokens.newSecret();
      assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+");
      seen.add(secret);
    }
    assertThat(seen).hasSize(100);
  }

  @Test
  void aStoredDigestMatchesItsSecretOnly() {
    String secret = SecretTokens.newSecret();
    byte[] digest = SecretTokens.digest(secret);

    assertThat(SecretTokens.matches(secret, digest)).isTrue();
    assertThat(SecretTokens.matches(secret + "x", digest)).isFalse();
    assertThat(digest).hasSize(32);
  }
}
