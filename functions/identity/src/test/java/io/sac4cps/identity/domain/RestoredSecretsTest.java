package io.sac4cps.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Field;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two instances restored from one SnapStart snapshot start with the same memory, and so with the
 * same random generator state. Simulated here by copying the generator SecretTokens draws refresh
 * tokens and client secrets from (after it was used, as priming would): every copy must still draw
 * its own values, which holds because the JDK's default SecureRandom on Linux mixes fresh bytes
 * from the operating system into every draw. A seeded SHA1PRNG would fail this test.
 */
class RestoredSecretsTest {

  @Test
  void copiesOfTheSecretGeneratorDrawDifferentSecrets() throws Exception {
    SecretTokens.newSecret(); // used before the snapshot
    Field field = SecretTokens.class.getDeclaredField("RANDOM");
    field.setAccessible(true);
    SecureRandom snapshot = (SecureRandom) field.get(null);
    byte[] memory = serialize(snapshot);

    Set<String> drawn = new HashSet<>();
    for (int instance = 0; instance < 3; instance++) {
      SecureRandom restored = deserialize(memory);
      byte[] secret = new byte[32];
      restored.nextBytes(secret);
      drawn.add(java.util.HexFormat.of().formatHex(secret));
    }
    assertThat(drawn).as("secrets drawn by three restored copies").hasSize(3);
  }

  private static byte[] serialize(SecureRandom random) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(random);
    }
    return bytes.toByteArray();
  }

  private static SecureRandom deserialize(byte[] memory) throws Exception {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(memory))) {
      return (SecureRandom) in.readObject();
    }
  }
}
