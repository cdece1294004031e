package io.sac4cps.platform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;
import software.amazon.awssdk.services.rds.model.GenerateAuthenticationTokenRequest;

class RdsAuthenticationTokenTest {

  private static final AwsBasicCredentials CREDENTIALS =
      AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  private static final Clock DEC_1 =
      Clock.fixed(Instant.parse("2026-12-01T14:00:00Z"), ZoneOffset.UTC);

  @Test
  void aTokenIsAPresignedConnectOfTheUserToTheProxyValidFor15Minutes() {
    String token =
        RdsAuthenticationToken.generate(
            URI.create("//proxy.example.eu-central-1.rds.amazonaws.com:5432"),
            "rooms",
            "eu-central-1",
            CREDENTIALS,
            DEC_1);

    assertThat(token).startsWith("proxy.example.eu-central-1.rds.amazonaws.com:5432/?");
    assertThat(token).doesNotContain("https://");
    Map<String, String> query = query(token);
    assertThat(query)
        .containsEntry("Action", "connect")
        .containsEntry("DBUser", "rooms")
        .containsEntry("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
        .containsEntry(
            "X-Amz-Credential", "AKIDEXAMPLE%2F20261201%2Feu-central-1%2Frds-db%2Faws4_request")
        .containsEntry("X-Amz-Date", "20261201T140000Z")
        .containsEntry("X-Amz-Expires", "900")
        .containsEntry("X-Amz-SignedHeaders", "host");
    assertThat(query.get("X-Amz-Signature")).matches("[0-9a-f]{64}");
  }

  @Test
  void theTokenIsTheOneTheSdksRdsUtilitiesMakesForTheSameEndpointUserRegionAndMoment() {
    RdsUtilities sdk =
        RdsUtilities.builder()
            .credentialsProvider(StaticCredentialsProvider.create(CREDENTIALS))
            .region(Region.EU_CENTRAL_1)
            .build();
    String host = "sac4cps-dev-proxy.proxy-c0ffee.eu-central-1.rds.amazonaws.com";
    // RdsUtilities signs at the system clock's second: retry across a second boundary.
    for (int attempt = 0; attempt < 5; attempt++) {
      Clock now = Clock.fixed(Instant.now(), ZoneOffset.UTC);
      String reference =
          sdk.generateAuthenticationToken(
              GenerateAuthenticationTokenRequest.builder()
                  .hostname(host)
                  .port(5432)
                  .username("rooms")
                  .build());
      String ours =
          RdsAuthenticationToken.generate(
              URI.create("//" + host + ":5432"), "rooms", "eu-central-1", CREDENTIALS, now);
      if (!query(reference).get("X-Amz-Date").equals(query(ours).get("X-Amz-Date"))) {
        continue;
      }
      assertThat(ours.substring(0, ours.indexOf('?')))
          .isEqualTo(reference.substring(0, reference.indexOf('?')));
      assertThat(query(ours)).isEqualTo(query(reference));
      return;
    }
    throw new AssertionError("no two tokens made within the same second in 5 attempts");
  }

  @Test
  void anotherUserOrAnotherMomentGetsAnotherSignature() {
    URI proxy = URI.create("//proxy:5432");
    String rooms =
        RdsAuthenticationToken.generate(proxy, "rooms", "eu-central-1", CREDENTIALS, DEC_1);
    String sensors =
        RdsAuthenticationToken.generate(proxy, "sensors", "eu-central-1", CREDENTIALS, DEC_1);
    String later =
        RdsAuthenticationToken.generate(
            proxy,
            "rooms",
            "eu-central-1",
            CREDENTIALS,
            Clock.offset(DEC_1, java.time.Duration.ofMinutes(1)));

    assertThat(query(rooms).get("X-Amz-Signature"))
        .isNotEqualTo(query(sensors).get("X-Amz-Signature"))
        .isNotEqualTo(query(later).get("X-Amz-Signature"));
  }

  @Test
  void theEndpointIsTheJdbcUrlsHostAndPort() {
    assertThat(
            IamTokenDataSource.endpointOf(
                "jdbc:postgresql://proxy.example:6543/sac4cps?currentSchema=rooms&sslmode=require"))
        .isEqualTo(URI.create("//proxy.example:6543"));
    assertThat(IamTokenDataSource.endpointOf("jdbc:postgresql://proxy.example/sac4cps"))
        .isEqualTo(URI.create("//proxy.example:5432"));
    assertThatThrownBy(() -> IamTokenDataSource.endpointOf("jdbc:postgresql:sac4cps"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Map<String, String> query(String token) {
    return Arrays.stream(token.substring(token.indexOf('?') + 1).split("&"))
        .map(p -> p.split("=", 2))
        .collect(Collectors.toMap(p -> p[0], p -> p[1]));
  }
}
