package io.sac4cps.identity.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.json.JsonMapper;
import io.sac4cps.platform.secrets.SecretsExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where the signing key comes from, including a stand-in for the secrets extension on loopback. */
class SigningKeyIT {
  private static final JsonMapper JSON = JsonMapper.createDefault();
  private final RSAKey key = SigningKeys.generate();
  private final List<String> requests = new ArrayList<>();
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
                  Map.of("Name", "identity/signing-key", "SecretString", key.toJSONString()));
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
    SigningKey signingKey = new SigningKey(key.toJSONString(), null, false, () -> extension());

    assertThat(signingKey.keyId()).isEqualTo(key.getKeyID());
    assertThat(signingKey.publicJwk().isPrivate()).isFalse();
    assertThat(requests).isEmpty();
  }

  @Test
  void readsTheSecretThroughTheSecretsExtension() {
    SigningKey signingKey = new SigningKey(null, "identity/signing-key", false, () -> extension());

    assertThat(signingKey.keyId()).isEqualTo(key.getKeyID());
    assertThat(requests).containsExactly("secretId=identity/signing-key token=true");
  }

  @Test
  void refusesToStartWithoutAKeyUnlessAnEphemeralOneIsAllowed() {
    assertThatThrownBy(() -> new SigningKey(null, null, false, () -> extension()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sac4cps.identity.signing-key");

    assertThat(new SigningKey(null, null, true, () -> extension()).keyId()).isNotBlank();
  }

  @Test
  void refusesAPublicKeyOrAKeyWithoutId() {
    assertThatThrownBy(
            () -> new SigningKey(key.toPublicJWK().toJSONString(), null, false, () -> extension()))
        .hasMessage("the signing key must be a private RSA JWK");
    String withoutId = new RSAKey.Builder(key).keyID(null).build().toJSONString();
    assertThatThrownBy(() -> new SigningKey(withoutId, null, false, () -> extension()))
        .hasMessage("the signing key must have a key id (kid)");
  }

  private SecretsExtension extension() {
    return new SecretsExtension(
        "http://" + extension.getAddress().getHostString() + ":" + extension.getAddress().getPort(),
        JSON);
  }
}
