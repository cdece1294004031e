package io.sac4cps.platform.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Restored SnapStart instances share the snapshot's memory, generator state included. The functions
 * draw ids from {@link UUID#randomUUID()} (token ids, tenant, room and sensor ids), which uses a
 * default {@code new SecureRandom()}; copies of such a generator, taken after use as a snapshot
 * would take them, must draw different values. A generator that is only seeded once (SHA1PRNG with
 * a seed) repeats itself and is the case this guards against.
 */
class RestoredRandomnessTest {

  @Test
  void copiesOfTheDefaultGeneratorDrawDifferentIds() throws Exception {
    SecureRandom beforeSnapshot = new SecureRandom();
    beforeSnapshot.nextLong();
    UUID.randomUUID();
    byte[] memory = serialize(beforeSnapshot);

    Set<String> ids = new HashSet<>();
    for (int instance = 0; instance < 3; instance++) {
      ids.add(uuidFrom(deserialize(memory)));
    }
    assertThat(ids).as("ids drawn by three restored copies of one generator").hasSize(3);
  }

  @Test
  void theCheckFailsForAGeneratorThatDoesNotReseed() throws Exception {
    SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
    seeded.setSeed(42L);
    seeded.nextLong();
    byte[] memory = serialize(seeded);

    assertThat(uuidFrom(deserialize(memory)))
        .as("a once-seeded generator repeats after a restore")
        .isEqualTo(uuidFrom(deserialize(memory)));
  }

  /** A version-4 UUID from 16 drawn bytes, as UUID.randomUUID makes one. */
  private static String uuidFrom(SecureRandom random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return java.util.HexFormat.of().formatHex(bytes);
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
