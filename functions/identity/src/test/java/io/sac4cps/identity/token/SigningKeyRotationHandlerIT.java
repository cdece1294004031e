package io.sac4cps.identity.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sac4cps.platform.keys.PublishedKeys;
import io.sac4cps.platform.keys.SigningKeyRing;
import io.sac4cps.testkit.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The signing-key ring's Lambda handler (decision 0067) driven as CloudFormation and Secrets
 * Manager drive it, its SDK client talking Secrets Manager's protocol to {@link
 * SecretsManagerStandIn}: the deploy fills CDK's placeholder with a ring, the four rotation steps
 * rotate it (each retried), and the ring identity then reads signs with the key verifiers were
 * shown before, while tokens of the previous key verify until the overlap ends.
 */
class SigningKeyRotationHandlerIT {
  private static final Duration OVERLAP = Duration.ofHours(1);
  private static final String PLACEHOLDER = "{\"placeholder\":\"k3Y!gEn3r4t3d\"}";

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T20:00:00Z"));
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private SecretsManagerStandIn secretsManager;
  private SecretsManagerClient client;
  private SigningKeyRotation handler;
  private String secretArn;

  @BeforeEach
  void deployTheSecret() throws Exception {
    logged.start();
    ((Logger) LoggerFactory.getLogger(SigningKeyRotation.class)).addAppender(logged);
    secretsManager = new SecretsManagerStandIn();
    secretArn = secretsManager.create("sac4cps-dev-signing-keys", PLACEHOLDER);
    client =
        SecretsManagerClient.builder()
            .endpointOverride(secretsManager.endpoint())
            .region(Region.EU_CENTRAL_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENGEXAMPLEKEY")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    handler = new SigningKeyRotation(client, OVERLAP, clock);
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(SigningKeyRotation.class)).detachAppender(logged);
    client.close();
    secretsManager.close();
  }

  @Test
  void theDeployFillsThePlaceholderWithARingOnceAndHandsOutOnlyPublicKeys() throws Exception {
    Map<String, Object> created = handler.handleRequest(customResource("Create"), null);

    SigningKeyRing ring = SigningKeyRing.parse(secretsManager.valueStaged(secretArn, "AWSCURRENT"));
    assertThat(created).containsEntry("PhysicalResourceId", secretArn);
    Map<?, ?> data = (Map<?, ?>) created.get("Data");
    assertThat(data.get("KeyId")).isEqualTo(ring.active().getKeyID());
    JWKSet jwks = JWKSet.parse(String.valueOf(data.get("Jwks")));
    assertThat(jwks.getKeys())
        .extracting(k -> k.getKeyID())
        .containsExactly(ring.active().getKeyID(), ring.next().orElseThrow().getKeyID());
    assertThat(jwks.getKeys()).noneMatch(k -> k.isPrivate());
    assertThat(secretsManager.valueStaged(secretArn, "AWSPREVIOUS"))
        .as("the placeholder is the previous version")
        .isEqualTo(PLACEHOLDER);

    // A later deploy (an update) keeps the ring: no new key, nothing written.
    Map<String, Object> updated = handler.handleRequest(customResource("Update"), null);
    assertThat(((Map<?, ?>) updated.get("Data")).get("KeyId")).isEqualTo(ring.active().getKeyID());
    assertThat(secretsManager.operations())
        .containsExactly("GetSecretValue", "PutSecretValue", "GetSecretValue");
    assertThat(handler.handleRequest(customResource("Delete"), null))
        .containsEntry("PhysicalResourceId", secretArn);
  }

  @Test
  void theFourStepsRotateTheRingEachRetriedAndOldTokensVerifyThroughTheOverlap() throws Exception {
    Map<?, ?> deployed =
        (Map<?, ?>) handler.handleRequest(customResource("Create"), null).get("Data");
    String deployedJwks = String.valueOf(deployed.get("Jwks"));
    SigningKeyRing before =
        SigningKeyRing.parse(secretsManager.valueStaged(secretArn, "AWSCURRENT"));
    SigningKey identityBefore = identityReading(before.toJson());
    SignedJWT oldToken = identityBefore.sign(claims());

    String token = secretsManager.startRotation(secretArn);
    step("createSecret", token);
    String pending = secretsManager.valueStaged(secretArn, "AWSPENDING");
    step("createSecret", token);
    assertThat(secretsManager.valueStaged(secretArn, "AWSPENDING"))
        .as("a retried createSecret keeps the ring it made")
        .isEqualTo(pending);
    step("setSecret", token);
    step("testSecret", token);
    step("testSecret", token);
    assertThat(secretsManager.valueStaged(secretArn, "AWSCURRENT"))
        .as("nothing changes for identity before finishSecret")
        .isEqualTo(before.toJson());
    step("finishSecret", token);
    step("finishSecret", token);
    secretsManager.endRotation(secretArn, token);
    step("createSecret", token);
    assertThat(secretsManager.operations().stream().filter(o -> o.equals("PutSecretValue")).count())
        .as("one ring put by the deploy, one by the rotation")
        .isEqualTo(2);
    assertThat(
            secretsManager.operations().stream()
                .filter(o -> o.equals("UpdateSecretVersionStage"))
                .count())
        .isEqualTo(1);

    SigningKeyRing after =
        SigningKeyRing.parse(secretsManager.valueStaged(secretArn, "AWSCURRENT"));
    assertThat(after.toJson()).isEqualTo(pending);
    assertThat(secretsManager.valueStaged(secretArn, "AWSPREVIOUS")).isEqualTo(before.toJson());
    assertThat(secretsManager.valueStaged(secretArn, "AWSPENDING")).isNull();
    assertThat(after.active().getKeyID())
        .as("the key published as next at deploy time signs now")
        .isEqualTo(before.next().orElseThrow().getKeyID());

    // identity after its next read of the secret: signs with the new key, verifies the old token.
    SigningKey identityAfter = identityReading(after.toJson());
    SignedJWT newToken = identityAfter.sign(claims());
    assertThat(newToken.getHeader().getKeyID()).isEqualTo(after.active().getKeyID());
    assertThat(identityAfter.verify(SignedJWT.parse(oldToken.serialize()))).isTrue();
    // A function deployed before the rotation knows the new key without fetching anything.
    PublishedKeys deployedVerifier = PublishedKeys.of(deployedJwks, null, clock);
    assertThat(SignedJWT.parse(newToken.serialize()).verify(verifier(deployedVerifier, newToken)))
        .isTrue();
    // One fetched after the rotation still verifies the old token, until the overlap ends.
    PublishedKeys fetchedVerifier =
        PublishedKeys.of(identityAfter.publicKeys().toString(), null, clock);
    assertThat(SignedJWT.parse(oldToken.serialize()).verify(verifier(fetchedVerifier, oldToken)))
        .isTrue();

    clock.advance(OVERLAP);
    assertThat(identityAfter.verify(SignedJWT.parse(oldToken.serialize())))
        .as("the previous key is retired after the overlap")
        .isFalse();
    assertThat(fetchedVerifier.verifier(oldToken.getHeader().getKeyID())).isEmpty();
    assertThat(identityAfter.verify(SignedJWT.parse(newToken.serialize()))).isTrue();

    for (ILoggingEvent event : logged.list) {
      for (RSAKey key : List.of(before.active(), after.active(), after.next().orElseThrow())) {
        assertThat(event.getFormattedMessage())
            .doesNotContain(key.getModulus().toString())
            .doesNotContain(key.getPrivateExponent().toString());
      }
    }
    assertThat(logged.list)
        .anyMatch(e -> e.getFormattedMessage().contains(after.active().getKeyID()));
  }

  @Test
  void testSecretRefusesAPendingRingThatWouldSignWithAnUnpublishedKey() {
    handler.handleRequest(customResource("Create"), null);
    String current = secretsManager.valueStaged(secretArn, "AWSCURRENT");
    String token = secretsManager.startRotation(secretArn);
    step("createSecret", token);
    // Someone stored an unrelated ring as the pending version: its key was never published.
    secretsManager.overwrite(secretArn, token, SigningKeyRing.generate().toJson());

    assertThatThrownBy(() -> step("testSecret", token))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not the published next key");
    assertThat(secretsManager.valueStaged(secretArn, "AWSCURRENT")).isEqualTo(current);
  }

  @Test
  void aStepForAVersionNotStagedPendingIsRefused() {
    handler.handleRequest(customResource("Create"), null);
    String token = secretsManager.startRotation(secretArn);
    secretsManager.endRotation(secretArn, token);

    assertThatThrownBy(() -> step("createSecret", token))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has no stage for rotation");
  }

  private void step(String step, String token) {
    handler.handleRequest(
        Map.of("SecretId", secretArn, "ClientRequestToken", token, "Step", step), null);
  }

  private Map<String, Object> customResource(String requestType) {
    return Map.of(
        "RequestType",
        requestType,
        "PhysicalResourceId",
        secretArn,
        "ResourceProperties",
        Map.of(
            "ServiceToken",
            "arn:aws:lambda:eu-central-1:123456789012:function:provider",
            "SecretArn",
            secretArn));
  }

  /** identity as it is after reading {@code ring} from its secret. */
  private SigningKey identityReading(String ring) {
    return new SigningKey(ring, null, false, Duration.ofMinutes(5), null, clock);
  }

  private JWTClaimsSet claims() {
    return new JWTClaimsSet.Builder()
        .subject("user-1")
        .expirationTime(Date.from(clock.instant().plus(Duration.ofMinutes(15))))
        .build();
  }

  private static com.nimbusds.jose.crypto.RSASSAVerifier verifier(
      PublishedKeys keys, SignedJWT jwt) {
    return keys.verifier(jwt.getHeader().getKeyID()).orElseThrow();
  }
}
