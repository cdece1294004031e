package io.sac4cps.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.sac4cps.localstack.client.PlatformClient;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rotation of identity's signing keys in the docker-free local stack, whose key store holds the
 * ring as Secrets Manager does in AWS (decision 0061): identity signs new tokens with the next key
 * once it reads the ring again, tokens of the previous key keep working through the gateway's
 * authorizer and the functions during the overlap, and after it they are refused with 401 once a
 * token of a key the verifiers do not know yet makes them fetch identity's JWKS.
 */
class LocalSigningKeyRotationIT {
  private static final Duration OVERLAP = Duration.ofSeconds(30);

  private static LocalStack stack;
  private static PlatformClient api;

  @BeforeAll
  static void startStack() {
    Path root = Path.of(System.getProperty("sac4cps.root", "..")).toAbsolutePath().normalize();
    stack =
        LocalStack.start(
            new LocalStack.Options(root, 0, Map.of())
                // identity reads the ring every second instead of every 5 minutes.
                .setting("identity", Map.of("SAC4CPS_IDENTITY_SIGNING_KEY_REFRESH", "1s")));
    api = new PlatformClient(stack.url());
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void tokensOfThePreviousKeyWorkDuringTheOverlapAndAreRefusedAfterIt() throws Exception {
    assertThat(stack.isRunning("identity") && stack.isRunning("rooms"))
        .as("identity and rooms run (their jars are built): " + stack.failures())
        .isTrue();
    String email = "rotation-" + UUID.randomUUID() + "@example.com";
    String password = "a long passphrase " + UUID.randomUUID();
    assertThat(
            api.post(
                    "/auth/register",
                    null,
                    Map.of(
                        "email",
                        email,
                        "password",
                        password,
                        "name",
                        "Rotation",
                        "organization",
                        "Rotation " + UUID.randomUUID()))
                .status())
        .isEqualTo(201);
    String first = login(email, password);
    String firstUnused = login(email, password);
    assertThat(rooms(first)).isEqualTo(200);

    stack.rotateSigningKeys(OVERLAP);
    long rotated = System.nanoTime();
    String second = awaitTokenSignedBy(stack.signingKeyId(), email, password);

    assertThat(keyId(second)).isNotEqualTo(keyId(first));
    assertThat(rooms(second)).as("the next key was published before it signed").isEqualTo(200);
    assertThat(rooms(first)).as("the previous key's token in the overlap").isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - rotated))
        .as("the checks above ran within the overlap")
        .isLessThan(OVERLAP);

    // Past the overlap, then the next rotation drops the key that signed first.
    Duration left = OVERLAP.minus(Duration.ofNanos(System.nanoTime() - rotated));
    Thread.sleep(Math.max(0, left.toMillis()) + 1000);
    stack.rotateSigningKeys(OVERLAP);
    // A key no verifier has seen: the first request with it makes them fetch identity's JWKS.
    String third = awaitTokenSignedBy(stack.signingKeyId(), email, password);
    assertThat(rooms(third)).isEqualTo(200);

    assertThat(rooms(firstUnused))
        .as("a token of the key retired at the end of its overlap")
        .isEqualTo(401);
    assertThat(rooms(second)).as("the key of the last rotation is in its overlap").isEqualTo(200);
  }

  private static String login(String email, String password) {
    PlatformClient.Response login =
        api.post("/auth/login", null, Map.of("email", email, "password", password));
    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    return login.json().path("accessToken").asText();
  }

  /** Logs in until identity has read the rotated ring (it does every second here). */
  private static String awaitTokenSignedBy(String keyId, String email, String password)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    String token = login(email, password);
    while (!keyId(token).equals(keyId) && System.nanoTime() < deadline) {
      Thread.sleep(250);
      token = login(email, password);
    }
    assertThat(keyId(token))
        .as("identity signs with the rotated ring's active key")
        .isEqualTo(keyId);
    return token;
  }

  private static int rooms(String token) {
    return api.get("/rooms", token).status();
  }

  private static String keyId(String token) throws ParseException {
    return SignedJWT.parse(token).getHeader().getKeyID();
  }
}
