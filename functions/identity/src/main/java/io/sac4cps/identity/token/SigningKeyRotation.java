package io.sac4cps.identity.token;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.sac4cps.platform.keys.SigningKeyRing;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Makes and rotates identity's signing-key ring in its Secrets Manager secret (decisions 0061,
 * 0067), with {@link SigningKeyRing} itself, so the ring has one definition. One small Lambda, two
 * callers:
 *
 * <ul>
 *   <li>Secrets Manager's rotation (an event with {@code Step}): {@code createSecret} stores the
 *       rotated ring as the {@code ClientRequestToken}'s version, staged {@code AWSPENDING}; {@code
 *       setSecret} has nothing to set (identity reads the ring, verifiers identity's JWKS); {@code
 *       testSecret} checks that the pending ring signs with the key the current one published as
 *       next and still publishes the key that signs now; {@code finishSecret} moves {@code
 *       AWSCURRENT} to it. Each step may be retried: a step already done does nothing.
 *   <li>CloudFormation's custom resource (through CDK's provider): on create and update it fills
 *       the generated placeholder with a new ring (a ring it finds is kept) and returns only the
 *       public keys, the JWKS every function starts from.
 * </ul>
 *
 * No Micronaut context: the handler builds one SDK client (url-connection, decision 0046) when
 * Lambda loads it. Logs key ids only.
 */
public final class SigningKeyRotation
    implements RequestHandler<Map<String, Object>, Map<String, Object>> {

  /** Seconds a rotated-out key stays published (the CDK construct's overlap). */
  public static final String OVERLAP_SECONDS = "SAC4CPS_SIGNING_KEY_OVERLAP_SECONDS";

  static final String CURRENT = "AWSCURRENT";
  static final String PENDING = "AWSPENDING";

  private static final Logger LOG = LoggerFactory.getLogger(SigningKeyRotation.class);

  private final SecretsManagerClient secrets;
  private final Duration overlap;
  private final Clock clock;

  /** Lambda's: the region and credentials of the function's environment. */
  public SigningKeyRotation() {
    this(
        SecretsManagerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
        Duration.ofSeconds(Long.parseLong(required(OVERLAP_SECONDS))),
        Clock.systemUTC());
  }

  SigningKeyRotation(SecretsManagerClient secrets, Duration overlap, Clock clock) {
    this.secrets = secrets;
    this.overlap = overlap;
    this.clock = clock;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    if (event.containsKey("Step")) {
      rotate(text(event, "SecretId"), text(event, "ClientRequestToken"), text(event, "Step"));
      return Map.of();
    }
    return keyRing(event);
  }

  /** One step of Secrets Manager's rotation of {@code secretId} to version {@code token}. */
  void rotate(String secretId, String token, String step) {
    DescribeSecretResponse secret = secrets.describeSecret(r -> r.secretId(secretId));
    if (!Boolean.TRUE.equals(secret.rotationEnabled())) {
      throw new IllegalStateException("rotation is not enabled for " + secretId);
    }
    Map<String, List<String>> stages = secret.versionIdsToStages();
    List<String> tokenStages = stages.get(token);
    if (tokenStages == null) {
      throw new IllegalStateException(
          "version " + token + " of " + secretId + " has no stage for rotation");
    }
    if (tokenStages.contains(CURRENT)) {
      LOG.info("{}: version {} is already current", step, token);
      return;
    }
    if (!tokenStages.contains(PENDING)) {
      throw new IllegalStateException(
          "version " + token + " of " + secretId + " is not staged " + PENDING);
    }
    switch (step) {
      case "createSecret" -> createSecret(secretId, token);
      case "setSecret" ->
          LOG.info("setSecret: nothing to set, identity reads the ring from the secret");
      case "testSecret" -> testSecret(secretId, token);
      case "finishSecret" -> finishSecret(secretId, token, stages);
      default -> throw new IllegalArgumentException("unknown rotation step " + step);
    }
  }

  private void createSecret(String secretId, String token) {
    SigningKeyRing current = SigningKeyRing.parse(current(secretId));
    if (pending(secretId, token).isPresent()) {
      LOG.info("createSecret: version {} already holds the rotated ring", token);
      return;
    }
    Instant now = clock.instant();
    SigningKeyRing rotated = current.rotate(now, overlap);
    secrets.putSecretValue(
        r ->
            r.secretId(secretId)
                .clientRequestToken(token)
                .secretString(rotated.toJson())
                .versionStages(PENDING));
    LOG.info(
        "createSecret: version {}: {} signs, {} is published next, {} verifies until {}",
        token,
        rotated.active().getKeyID(),
        rotated.next().map(JWK::getKeyID).orElseThrow(),
        current.active().getKeyID(),
        now.plus(overlap));
  }

  private void testSecret(String secretId, String token) {
    SigningKeyRing current = SigningKeyRing.parse(current(secretId));
    SigningKeyRing pending =
        SigningKeyRing.parse(
            pending(secretId, token)
                .orElseThrow(() -> new IllegalStateException("version " + token + " is empty")));
    Instant now = clock.instant();
    String signing = pending.active().getKeyID();
    Optional<String> announced = current.next().map(JWK::getKeyID);
    if (announced.isPresent() && !announced.get().equals(signing)) {
      throw new IllegalStateException(
          "the pending ring signs with " + signing + ", not the published next key");
    }
    if (pending.publicKeys(now).getKeyByKeyId(current.active().getKeyID()) == null) {
      throw new IllegalStateException(
          "the pending ring stops publishing " + current.active().getKeyID() + ", which signs now");
    }
    JWK published = pending.publicKeys(now).getKeyByKeyId(signing);
    if (!(published instanceof RSAKey publicKey)
        || !signsAndVerifies(pending.active(), publicKey)) {
      throw new IllegalStateException("the pending ring's key " + signing + " does not verify");
    }
    LOG.info("testSecret: version {} signs with {} and verifies", token, signing);
  }

  private static boolean signsAndVerifies(RSAKey signer, RSAKey verifier) {
    try {
      JWSObject probe =
          new JWSObject(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
              new Payload("rotation test"));
      probe.sign(new RSASSASigner(signer));
      return JWSObject.parse(probe.serialize()).verify(new RSASSAVerifier(verifier));
    } catch (JOSEException | ParseException e) {
      return false;
    }
  }

  private void finishSecret(String secretId, String token, Map<String, List<String>> stages) {
    String current =
        stages.entrySet().stream()
            .filter(e -> e.getValue().contains(CURRENT))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse(null);
    secrets.updateSecretVersionStage(
        r ->
            r.secretId(secretId)
                .versionStage(CURRENT)
                .moveToVersionId(token)
                .removeFromVersionId(current));
    LOG.info("finishSecret: version {} is current, was {}", token, current);
  }

  /**
   * The custom resource: a ring in the secret (made if the secret holds CDK's placeholder) and its
   * public keys. Delete keeps the secret's value: the secret goes with its own removal policy.
   */
  Map<String, Object> keyRing(Map<String, Object> event) {
    if ("Delete".equals(event.get("RequestType"))) {
      return Map.of("PhysicalResourceId", String.valueOf(event.get("PhysicalResourceId")));
    }
    Object properties = event.get("ResourceProperties");
    String secretId =
        properties instanceof Map<?, ?> map ? String.valueOf(map.get("SecretArn")) : null;
    if (secretId == null || secretId.equals("null")) {
      throw new IllegalArgumentException("the custom resource needs SecretArn");
    }
    String stored = current(secretId);
    SigningKeyRing ring = placeholder(stored) ? null : SigningKeyRing.parse(stored);
    if (ring == null || ring.next().isEmpty()) {
      SigningKeyRing filled = ring == null ? SigningKeyRing.generate() : ring.withNextKey();
      // No stage given: the new version becomes AWSCURRENT.
      secrets.putSecretValue(r -> r.secretId(secretId).secretString(filled.toJson()));
      LOG.info(
          "stored a key ring: {} signs, {} is published next",
          filled.active().getKeyID(),
          filled.next().map(JWK::getKeyID).orElseThrow());
      ring = filled;
    }
    return Map.of(
        "PhysicalResourceId",
        secretId,
        "Data",
        Map.of(
            "Jwks",
            ring.publicKeys(clock.instant()).toString(),
            "KeyId",
            ring.active().getKeyID()));
  }

  /** What CDK's generated secret holds until the ring replaces it: {@code {"placeholder": …}}. */
  private static boolean placeholder(String stored) {
    try {
      return JSONObjectUtils.parse(stored).keySet().equals(Set.of("placeholder"));
    } catch (ParseException e) {
      return false;
    }
  }

  private String current(String secretId) {
    return secrets.getSecretValue(r -> r.secretId(secretId).versionStage(CURRENT)).secretString();
  }

  /** The pending version's ring, if {@code createSecret} stored it already. */
  private Optional<String> pending(String secretId, String token) {
    try {
      return Optional.ofNullable(
          secrets
              .getSecretValue(r -> r.secretId(secretId).versionId(token).versionStage(PENDING))
              .secretString());
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  private static String text(Map<String, Object> event, String key) {
    Object value = event.get(key);
    if (value == null || value.toString().isBlank()) {
      throw new IllegalArgumentException("the rotation event has no " + key);
    }
    return value.toString();
  }

  private static String required(String variable) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(variable + " is not set");
    }
    return value;
  }
}
