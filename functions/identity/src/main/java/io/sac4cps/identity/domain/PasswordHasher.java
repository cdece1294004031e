package io.sac4cps.identity.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code
 * $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), so every stored hash names the cost it was made with
 * and hashes made with an older cost still verify. The cost is in docs/decisions/0005.
 */
public final class PasswordHasher {
  private static final Pattern PHC =
      Pattern.compile(
          "^\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)$");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODE = Base64.getDecoder();
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;

  /** Argon2id cost: memory in KiB, passes over it, lanes. */
  public record Cost(int memoryKib, int iterations, int parallelism) {
    /** OWASP's recommended minimum for Argon2id (19 MiB, 2 passes, 1 lane). */
    public static final Cost RECOMMENDED = new Cost(19_456, 2, 1);

    public Cost {
      if (memoryKib < 8 * parallelism || iterations < 1 || parallelism < 1) {
        throw new IllegalArgumentException("invalid Argon2id cost " + memoryKib + "/" + iterations);
      }
    }
  }

  private final Cost cost;
  private final SecureRandom random = new SecureRandom();

  public PasswordHasher(Cost cost) {
    this.cost = cost;
  }

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, cost, HASH_BYTES);
    return "$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s"
        .formatted(
            cost.memoryKib(),
            cost.iterations(),
            cost.parallelism(),
            B64.encodeToString(salt),
            B64.encodeToString(hash));
  }

  /**
   * Whether {@code password} matches {@code encoded}; false for anything not a PHC Argon2id hash.
   */
  public boolean verify(String password, String encoded) {
    Matcher phc = PHC.matcher(encoded);
    if (!phc.matches()) {
      return false;
    }
    Cost stored =
        new Cost(
            Integer.parseInt(phc.group(1)),
            Integer.parseInt(phc.group(2)),
            Integer.parseInt(phc.group(3)));
    byte[] expected = B64_DECODE.decode(phc.group(5));
    byte[] actual = derive(password, B64_DECODE.decode(phc.group(4)), stored, expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  /** Whether {@code encoded} was made with another cost than the current one (rehash on login). */
  public boolean needsRehash(String encoded) {
    return !encoded.startsWith(
        "$argon2id$v=19$m=%d,t=%d,p=%d$"
            .formatted(cost.memoryKib(), cost.iterations(), cost.parallelism()));
  }

  private static byte[] derive(String password, byte[] salt, Cost cost, int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(cost.memoryKib())
            .withIterations(cost.iterations())
            .withParallelism(cost.parallelism())
            .withSalt(salt)
            .build());
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
