package io.sac4cps.notifications;

import static io.sac4cps.notifications.NotificationsStack.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4cps.embedded.EmbeddedMailServer;
import io.sac4cps.testkit.EmbeddedInfrastructure;
import io.sac4cps.testkit.Infrastructure;
import io.sac4cps.testkit.Service;
import io.sac4cps.testkit.SharedServers;
import io.sac4cps.testkit.lambda.ApiResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Preferences on real PostgreSQL, SMTP and the SNS stand-in: quiet hours in the user's time zone
 * hold back email for a warning but not for a critical alert, and chosen channels add SMS to the
 * user's E.164 number.
 */
@EmbeddedInfrastructure(services = {Service.POSTGRES, Service.SNS})
class PreferencesIT {
  private static EmbeddedMailServer mail;
  private static NotificationsStack stack;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    mail = EmbeddedMailServer.start();
    stack = NotificationsStack.start(infrastructure, mail, Map.of());
  }

  @AfterAll
  static void stop() {
    stack.close();
    mail.close();
  }

  @Test
  void quietHoursHoldBackAWarningsEmailButACriticalAlertReachesEmailAndSms() {
    String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
    String admin = "u-admin-" + tenant;
    String email = admin + "@example.com";
    stack.publish(
        NotificationEvents.IDENTITY_ARN,
        NotificationEvents.userRegistered(tenant, admin, email, "Ada", "admin"));
    String zone = "Asia/Tokyo";
    LocalTime local = ZonedDateTime.now(ZoneId.of(zone)).toLocalTime();
    String phone = "+81312345" + (1000 + (int) (Math.random() * 8999));
    String body =
        "{\"phone\":\""
            + phone
            + "\",\"timeZone\":\""
            + zone
            + "\",\"quietHours\":{\"start\":\""
            + hhmm(local.minusHours(1))
            + "\",\"end\":\""
            + hhmm(local.plusHours(1))
            + "\"},\"channels\":{\"alert.raised.v1\":{\"critical\":[\"websocket\",\"email\",\"sms\"]}}}";

    ApiResponse put =
        stack.api().put("/notifications/preferences", token(tenant, admin, "admin"), body);
    assertThat(put.status()).isEqualTo(200);
    assertThat(put.json().get("phone").asText()).isEqualTo(phone);
    assertThat(stack.api().get("/notifications/preferences", token(tenant, admin, "admin")).json())
        .isEqualTo(put.json());

    // 5 % over the limit: a warning, during quiet hours.
    stack.publish(
        NotificationEvents.ALERTS_ARN,
        NotificationEvents.alertRaised(tenant, "room-quiet", 1050, 1000));
    // 50 % over: critical.
    stack.publish(
        NotificationEvents.ALERTS_ARN,
        NotificationEvents.alertRaised(tenant, "room-loud", 1500, 1000));

    var alerts =
        mail.await(
            m -> m.to().contains(email) && m.subject().startsWith("Alert:"),
            2,
            Duration.ofSeconds(3));
    assertThat(alerts)
        .extracting(m -> m.subject())
        .containsExactly("Alert: co2 above its limit in room room-loud");
    assertThat(SharedServers.sns().textMessages())
        .filteredOn(sms -> sms.phoneNumber().equals(phone))
        .singleElement()
        .satisfies(sms -> assertThat(sms.message()).contains("room-loud"));
    JsonNode inbox =
        stack.api().get("/notifications", token(tenant, admin, "admin")).json().get("items");
    assertThat(inbox)
        .extracting(n -> n.get("title").asText())
        .contains(
            "Alert: co2 above its limit in room room-quiet",
            "Alert: co2 above its limit in room room-loud");
  }

  @Test
  void badPreferencesAreRefusedNamingEachField() {
    // What the contract's schema forbids is refused before the function runs (decision 0019).
    ApiResponse refused =
        stack
            .api()
            .violatingContract()
            .put(
                "/notifications/preferences",
                token("t-x", "u-x", "viewer"),
                "{\"phone\":\"0301234\",\"timeZone\":\"UTC\","
                    + "\"quietHours\":{\"start\":\"25:00\",\"end\":\"07:00\"},"
                    + "\"channels\":{\"alert.raised.v1\":{\"critical\":[\"pigeon\"]}}}");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("errors"))
        .extracting(e -> e.get("field").asText())
        .contains("phone", "quietHours.start", "channels.alert.raised.v1.critical");

    // A zone the schema cannot tell from a real one is the function's to refuse.
    ApiResponse unknownZone =
        stack
            .api()
            .put(
                "/notifications/preferences",
                token("t-x", "u-x", "viewer"),
                "{\"timeZone\":\"Mars/Olympus\"}");

    assertThat(unknownZone.status()).isEqualTo(400);
    assertThat(unknownZone.json().get("errors"))
        .extracting(e -> e.get("field").asText())
        .containsExactly("timeZone");
  }

  private static String hhmm(LocalTime time) {
    return String.format("%02d:%02d", time.getHour(), time.getMinute());
  }
}
