package io.sac4cps.identity.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.json.JsonMapper;
import io.sac4cps.platform.keys.SigningKeyRing;
import io.sac4cps.platform.secrets.SecretsExtension;
import io.sac4cps.testkit.time.ManualClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where the signing key comes from, including a stand-in for the secrets extension on loopback. */
class SigningKeyIT {
  private static final JsonMapper JSON = JsonMapper.createDefault();
  private final RSAKey key = SigningKeyRing.newKey();
  private final List<String> requests = new ArrayList<>();
  private volatile String stored = key.toJSONString();
  private HttpServer extension;

  @BeforeEach
  void startExtension() throws IOException {
    extension = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    extension.createContext(
        "/secretsmanager/get",
        exchange -> {
          requests.add(
              exchange.getRequestURI().getQuery()
                  + " token="
                  + exchange.getRequestHeaders().containsKey(SecretsExtension.TOKEN_HEADER));
          byte[] body =
              JSON.writeValueAsBytes(
                  Map.of("Name", "identity/signing-key", "SecretString", stored));
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    extension.start();
  }

  @AfterEach
  void stopExtension() {
    extension.stop(0);
  }

  @Test
  void readsThePrivateJwkFromConfiguration() {
    SigningKey signingKey =
        new SigningKey(
            key.toJSONString(),
            null,
            false,
            Duration.ofMinutes(5),
            () -> extension(),
            Clock.systemUTC());

    assertThat(signingKey.keyId()).isEqualTo(key.getKeyID());
    assertThat(signingKey.publicKeys().getKeys()).allMatch(k -> !k.isPrivate());
    assertThat(requests).isEmpty();
  }

  @Test
  void readsTheSecretThroughTheSecretsExtension() {
    SigningKey signingKey =
        new SigningKey(
            null,
            "identity/signing-key",
            false,
            Duration.ofMinutes(5),
            () -> extension(),
            Clock.systemUTC());

    assertThat(signingKey.keyId()).isEqualTo(key.getKeyID());
    assertThat(requests).containsExactly("secretId=identity/signing-key token=true");
  }

  @Test
  void refusesToStartWithoutAKeyUnlessAnEphemeralOneIsAllowed() {
    assertThatThrownBy(
            () ->
                new SigningKey(
                    null, null, false, Duration.ofMinutes(5), () -> extension(), Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sac4cps.identity.signing-key");

    assertThat(
            new SigningKey(
                    null, null, true, Duration.ofMinutes(5), () -> extension(), Clock.systemUTC())
                .keyId())
        .isNotBlank();
  }

  @Test
  void refusesAPublicKeyOrAKeyWithoutId() {
    assertThatThrownBy(
            () ->
                new SigningKey(
                    key.toPublicJWK().toJSONString(),
                    null,
                    false,
                    Duration.ofMinutes(5),
                    () -> extension(),
                    Clock.systemUTC()))
        .hasMessage("the signing key must be a private RSA JWK");
    String withoutId = new RSAKey.Builder(key).keyID(null).build().toJSONString();
    assertThatThrownBy(
            () ->
                new SigningKey(
                    withoutId,
                    null,
                    false,
                    Duration.ofMinutes(5),
                    () -> extension(),
                    Clock.systemUTC()))
        .hasMessage("the signing key must have a key id (kid)");
  }

  @Test
  void followsARotationOfTheSecretSigningWithTheNextKeyWhileThePreviousStillVerifies()
      throws Exception {
    ManualClock clock = new ManualClock(Instant.now());
    SigningKeyRing ring = SigningKeyRing.generate();
    stored = ring.toJson();
    SigningKey signingKey =
        new SigningKey(
            null, "identity/signing-key", false, Duration.ofMinutes(5), () -> extension(), clock);
    SignedJWT beforeRotation = signingKey.sign(claims());
    String next = ring.rotate(clock.instant(), Duration.ZERO).active().getKeyID();
    assertThat(beforeRotation.getHeader().getKeyID()).isEqualTo(ring.active().getKeyID());
    assertThat(signingKey.publicKeys().getKeyByKeyId(next))
        .as("the next key is published before it signs")
        .isNotNull();

    stored = ring.rotate(clock.instant(), Duration.ofHours(1)).toJson();
    assertThat(signingKey.sign(claims()).getHeader().getKeyID())
        .as("until the refresh time has passed, the ring read last")
        .isEqualTo(ring.active().getKeyID());
    clock.advance(Duration.ofMinutes(6));
    SignedJWT afterRotation = signingKey.sign(claims());

    assertThat(afterRotation.getHeader().getKeyID()).isEqualTo(next);
    assertThat(signingKey.verify(afterRotation)).isTrue();
    assertThat(signingKey.verify(beforeRotation)).as("in the overlap").isTrue();
    assertThat(requests).hasSize(2);
    clock.advance(Duration.ofHours(1));
    assertThat(signingKey.verify(beforeRotation)).as("after the overlap").isFalse();
    assertThat(signingKey.publicKeys().getKeyByKeyId(ring.active().getKeyID())).isNull();
  }

  private static JWTClaimsSet claims() {
    return new JWTClaimsSet.Builder().subject("user-1").build();
  }

  private SecretsExtension extension() {
    return new SecretsExtension(
        "http://" + extension.getAddress().getHostString() + ":" + extension.getAddress().getPort(),
        JSON);
  }
}
