package io.sac4cps.notifications.channels;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SMTP user name and password of SES's SMTP interface, made from an IAM access key the way SES
 * documents it ("Obtaining Amazon SES SMTP credentials"): the user name is the access key id, the
 * password a SigV4-style HMAC chain of the secret access key over the region, version 4. The key
 * lives in a Secrets Manager secret CDK fills (infra/cdk, decision 0057), never in the environment.
 */
record SesSmtpCredentials(String username, String password) {
  private static final byte VERSION = 0x04;

  /**
   * From the secret's JSON, {@code {"accessKeyId": …, "secretAccessKey": …}}, for {@code region}.
   */
  static SesSmtpCredentials fromSecret(String secretJson, String region, JsonMapper json) {
    if (region == null || region.isBlank()) {
      throw new IllegalStateException("SES SMTP credentials need the region (AWS_REGION)");
    }
    JsonNode secret;
    try {
      secret = json.readValue(secretJson.getBytes(StandardCharsets.UTF_8), JsonNode.class);
    } catch (IOException e) {
      throw new IllegalStateException("the SMTP credentials secret is not JSON", e);
    }
    JsonNode id = secret == null ? null : secret.get("accessKeyId");
    JsonNode key = secret == null ? null : secret.get("secretAccessKey");
    if (id == null || !id.isString() || key == null || !key.isString()) {
      throw new IllegalStateException(
          "the SMTP credentials secret lacks accessKeyId or secretAccessKey");
    }
    return new SesSmtpCredentials(id.getStringValue(), password(key.getStringValue(), region));
  }

  static String password(String secretAccessKey, String region) {
    byte[] signature = ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
    for (String part : new String[] {"11111111", region, "ses", "aws4_request", "SendRawEmail"}) {
      signature = hmac(signature, part);
    }
    byte[] versioned = new byte[signature.length + 1];
    versioned[0] = VERSION;
    System.arraycopy(signature, 0, versioned, 1, signature.length);
    return Base64.getEncoder().encodeToString(versioned);
  }

  private static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** Never the password in logs. */
  @Override
  public String toString() {
    return "SesSmtpCredentials[username=" + username + "]";
  }
}
