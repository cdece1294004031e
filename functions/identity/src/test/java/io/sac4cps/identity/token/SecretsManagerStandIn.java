package io.sac4cps.identity.token;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Secrets Manager as the rotation handler sees it, over its real protocol (JSON 1.1 on HTTP, the
 * operation in {@code X-Amz-Target}, SigV4-signed): DescribeSecret, GetSecretValue, PutSecretValue
 * and UpdateSecretVersionStage, with version stages kept as AWS documents them. A label is on at
 * most one version; moving {@code AWSCURRENT} puts {@code AWSPREVIOUS} on the version it left;
 * PutSecretValue without stages makes the version current, and repeated with the same token and
 * value changes nothing (a different value is ResourceExistsException); a version without a value
 * (what RotateSecret stages {@code AWSPENDING} before calling createSecret) is
 * ResourceNotFoundException to GetSecretValue; unlabelled versions are not described. {@link
 * #startRotation} and {@link #endRotation} are the service's side of a rotation.
 */
final class SecretsManagerStandIn implements AutoCloseable {
  static final String CURRENT = "AWSCURRENT";
  static final String PENDING = "AWSPENDING";
  static final String PREVIOUS = "AWSPREVIOUS";

  private static final String PREFIX = "secretsmanager.";

  /** One version: its value (null until something is put) and its labels. */
  private static final class Version {
    String value;
    final Set<String> stages = new LinkedHashSet<>();
  }

  private static final class Secret {
    final String arn;
    final String name;
    boolean rotationEnabled;
    final Map<String, Version> versions = new LinkedHashMap<>();

    Secret(String name) {
      this.name = name;
      this.arn = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:" + name + "-AbCdEf";
    }
  }

  private static final class Refusal extends RuntimeException {
    final String type;

    Refusal(String type, String message) {
      super(message);
      this.type = type;
    }
  }

  private final HttpServer server;
  private final Map<String, Secret> secrets = new LinkedHashMap<>();
  private final List<String> operations = Collections.synchronizedList(new ArrayList<>());

  SecretsManagerStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::serve);
    server.start();
  }

  URI endpoint() {
    return URI.create(
        "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
  }

  /** Every operation called, in order, by its X-Amz-Target name. */
  List<String> operations() {
    return List.copyOf(operations);
  }

  /** A secret whose first version holds {@code value}, staged AWSCURRENT; its ARN. */
  synchronized String create(String name, String value) {
    Secret secret = new Secret(name);
    Version first = new Version();
    first.value = value;
    secret.versions.put(UUID.randomUUID().toString(), first);
    first.stages.add(CURRENT);
    secrets.put(secret.arn, secret);
    return secret.arn;
  }

  /**
   * What RotateSecret does before it invokes the rotation function: turns rotation on and stages
   * AWSPENDING on a new, empty version named by the token it returns (the ClientRequestToken).
   */
  synchronized String startRotation(String secretId) {
    Secret secret = secret(secretId);
    secret.rotationEnabled = true;
    String token = UUID.randomUUID().toString();
    secret.versions.put(token, new Version());
    attach(secret, PENDING, token);
    return token;
  }

  /** What the service does once finishSecret succeeded: AWSPENDING comes off the version. */
  synchronized void endRotation(String secretId, String token) {
    secret(secretId).versions.get(token).stages.remove(PENDING);
  }

  /** The value staged {@code stage}, read directly (not over the protocol); null if none. */
  synchronized String valueStaged(String secretId, String stage) {
    return secret(secretId).versions.values().stream()
        .filter(v -> v.stages.contains(stage))
        .map(v -> v.value)
        .findFirst()
        .orElse(null);
  }

  /** Puts {@code value} into {@code token}'s version directly, as another writer would. */
  synchronized void overwrite(String secretId, String token, String value) {
    secret(secretId).versions.get(token).value = value;
  }

  private void serve(HttpExchange exchange) throws IOException {
    int status = 200;
    Map<String, Object> answer;
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    try {
      if (!"POST".equals(exchange.getRequestMethod())
          || target == null
          || !target.startsWith(PREFIX)) {
        throw new Refusal("UnknownOperationException", "not a Secrets Manager call");
      }
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType == null || !contentType.startsWith("application/x-amz-json-1.1")) {
        throw new Refusal("SerializationException", "expected application/x-amz-json-1.1");
      }
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (authorization == null
          || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=")
          || !authorization.contains("/secretsmanager/aws4_request")) {
        throw new Refusal("IncompleteSignatureException", "not signed for secretsmanager");
      }
      String operation = target.substring(PREFIX.length());
      operations.add(operation);
      Map<String, Object> request =
          JSONObjectUtils.parse(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      synchronized (this) {
        answer =
            switch (operation) {
              case "DescribeSecret" -> describe(request);
              case "GetSecretValue" -> get(request);
              case "PutSecretValue" -> put(request);
              case "UpdateSecretVersionStage" -> updateStage(request);
              default ->
                  throw new Refusal("UnknownOperationException", operation + " is not served");
            };
      }
    } catch (Refusal refusal) {
      status = 400;
      answer = Map.of("__type", refusal.type, "Message", refusal.getMessage());
      exchange.getResponseHeaders().add("x-amzn-ErrorType", refusal.type);
    } catch (ParseException e) {
      status = 400;
      answer = Map.of("__type", "SerializationException", "Message", "not JSON");
    }
    byte[] body = JSONObjectUtils.toJSONString(answer).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
    exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private Map<String, Object> describe(Map<String, Object> request) throws ParseException {
    Secret secret = secret(JSONObjectUtils.getString(request, "SecretId"));
    Map<String, Object> stages = new LinkedHashMap<>();
    secret.versions.forEach(
        (id, version) -> {
          if (!version.stages.isEmpty()) {
            stages.put(id, List.copyOf(version.stages));
          }
        });
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("ARN", secret.arn);
    answer.put("Name", secret.name);
    answer.put("RotationEnabled", secret.rotationEnabled);
    answer.put("VersionIdsToStages", stages);
    return answer;
  }

  private Map<String, Object> get(Map<String, Object> request) throws ParseException {
    Secret secret = secret(JSONObjectUtils.getString(request, "SecretId"));
    String versionId = JSONObjectUtils.getString(request, "VersionId");
    String stage = JSONObjectUtils.getString(request, "VersionStage");
    if (versionId == null && stage == null) {
      stage = CURRENT;
    }
    String wantedStage = stage;
    String id =
        versionId != null
            ? versionId
            : secret.versions.entrySet().stream()
                .filter(e -> e.getValue().stages.contains(wantedStage))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    Version version = id == null ? null : secret.versions.get(id);
    if (version == null
        || version.value == null
        || (stage != null && !version.stages.contains(stage))) {
      throw new Refusal(
          "ResourceNotFoundException",
          "Secrets Manager can't find the specified secret value for VersionId: "
              + versionId
              + ", VersionStage: "
              + stage);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("ARN", secret.arn);
    answer.put("Name", secret.name);
    answer.put("VersionId", id);
    answer.put("SecretString", version.value);
    answer.put("VersionStages", List.copyOf(version.stages));
    return answer;
  }

  private Map<String, Object> put(Map<String, Object> request) throws ParseException {
    Secret secret = secret(JSONObjectUtils.getString(request, "SecretId"));
    String token = JSONObjectUtils.getString(request, "ClientRequestToken");
    String value = JSONObjectUtils.getString(request, "SecretString");
    if (token == null || value == null) {
      throw new Refusal("InvalidRequestException", "ClientRequestToken and SecretString needed");
    }
    List<String> stages =
        request.containsKey("VersionStages")
            ? JSONObjectUtils.getStringList(request, "VersionStages")
            : List.of(CURRENT);
    Version version = secret.versions.computeIfAbsent(token, t -> new Version());
    if (version.value != null && !version.value.equals(value)) {
      throw new Refusal(
          "ResourceExistsException",
          "A resource with the ID you requested already exists: version " + token);
    }
    version.value = value;
    for (String stage : stages) {
      attach(secret, stage, token);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("ARN", secret.arn);
    answer.put("Name", secret.name);
    answer.put("VersionId", token);
    answer.put("VersionStages", List.copyOf(version.stages));
    return answer;
  }

  private Map<String, Object> updateStage(Map<String, Object> request) throws ParseException {
    Secret secret = secret(JSONObjectUtils.getString(request, "SecretId"));
    String stage = JSONObjectUtils.getString(request, "VersionStage");
    String moveTo = JSONObjectUtils.getString(request, "MoveToVersionId");
    String removeFrom = JSONObjectUtils.getString(request, "RemoveFromVersionId");
    String holder = holder(secret, stage);
    if (holder != null && !holder.equals(moveTo) && !holder.equals(removeFrom)) {
      throw new Refusal(
          "InvalidParameterException",
          "The staging label "
              + stage
              + " is currently attached to version "
              + holder
              + ", so you must explicitly reference that version in RemoveFromVersionId.");
    }
    if (moveTo != null && !secret.versions.containsKey(moveTo)) {
      throw new Refusal("ResourceNotFoundException", "no version " + moveTo);
    }
    if (moveTo != null) {
      attach(secret, stage, moveTo);
    } else if (removeFrom != null && secret.versions.containsKey(removeFrom)) {
      secret.versions.get(removeFrom).stages.remove(stage);
    }
    return Map.of("ARN", secret.arn, "Name", secret.name);
  }

  /** Puts {@code stage} on {@code versionId} alone; moving AWSCURRENT leaves AWSPREVIOUS behind. */
  private static void attach(Secret secret, String stage, String versionId) {
    String holder = holder(secret, stage);
    if (versionId.equals(holder)) {
      return;
    }
    if (holder != null) {
      secret.versions.get(holder).stages.remove(stage);
    }
    secret.versions.get(versionId).stages.add(stage);
    if (CURRENT.equals(stage) && holder != null) {
      attach(secret, PREVIOUS, holder);
    }
  }

  private static String holder(Secret secret, String stage) {
    return secret.versions.entrySet().stream()
        .filter(e -> e.getValue().stages.contains(stage))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(null);
  }

  private Secret secret(String secretId) {
    for (Secret secret : secrets.values()) {
      if (Objects.equals(secret.arn, secretId) || Objects.equals(secret.name, secretId)) {
        return secret;
      }
    }
    throw new Refusal(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
