package io.sac4cps.localstack.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4cps.localstack.LocalStack;
import io.sac4cps.localstack.client.PlatformClient;
import io.sac4cps.localstack.client.PlatformClient.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser against the docker-free local stack: a facility manager signs in,
 * sees the building, watches an alert arrive without reloading, opens a room's charts; a viewer
 * gets no edit controls; another organisation sees nothing of this building. Each scenario saves a
 * screenshot under target/browser/.
 */
class DashboardBrowserIT {
  private static final Path SCREENSHOTS = Path.of("target", "browser");
  private static final String PASSWORD = "a-Long-Password-1";

  private static LocalStack stack;
  private static PlatformClient api;
  private static Account admin;
  private static Account viewer;
  private static Account stranger;
  private static String meetingRoom;
  private static String officeRoom;
  private static String co2Sensor;

  private ChromeDriver browser;
  private final List<String> expectedConsoleErrors = new ArrayList<>();

  record Account(String email, String token) {}

  @BeforeAll
  static void startStackWithABuilding() {
    Chromium.requireInstalled();
    Path root = Path.of(System.getProperty("sac4cps.root", "..")).toAbsolutePath().normalize();
    stack = LocalStack.start(new LocalStack.Options(root, 0, Map.of()));
    assertThat(stack.servesDashboard()).as("the web module's build is on the class path").isTrue();
    api = new PlatformClient(stack.url());

    admin = registerOrganisation("Acme Facilities");
    viewer = register(Map.of("name", "Vic Viewer", "roles", List.of("viewer")), admin.token());
    stranger = registerOrganisation("Other Org");

    meetingRoom = createRoom("Meeting room", 1, 8, Map.of("co2", Map.of("max", 1000)));
    officeRoom =
        createRoom("Open office", 2, 30, Map.of("temperature", Map.of("min", 18, "max", 26)));
    co2Sensor = createSensor(meetingRoom, "co2", "ppm");
    String temperature = createSensor(officeRoom, "temperature", "°C");

    // Half an hour of calm readings, a minute apart, so charts have points and no alert is active.
    Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(30, ChronoUnit.MINUTES);
    List<Map<String, Object>> readings = new ArrayList<>();
    for (int minute = 0; minute < 30; minute++) {
      Instant at = start.plus(minute, ChronoUnit.MINUTES);
      readings.add(reading(co2Sensor, at, 600 + 10 * (minute % 5)));
      readings.add(reading(temperature, at, 21 + 0.1 * (minute % 7)));
    }
    Response posted = api.post("/sensors/data", admin.token(), Map.of("readings", readings));
    assertThat(posted.status()).as("%s", posted).isEqualTo(202);
    awaitMetrics(meetingRoom, m -> m.path("metrics").path("co2").path("value").isNumber());
    awaitMetrics(officeRoom, m -> m.path("metrics").path("temperature").path("value").isNumber());
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @AfterEach
  void screenshotAndNoConsoleErrors(TestInfo test) throws IOException {
    if (browser == null) {
      return;
    }
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(
          SCREENSHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"),
          browser.getScreenshotAs(OutputType.BYTES));
      List<String> errors =
          browser.manage().logs().get(LogType.BROWSER).getAll().stream()
              .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
              .map(LogEntry::getMessage)
              .filter(m -> expectedConsoleErrors.stream().noneMatch(m::contains))
              .toList();
      assertThat(errors).as("console errors").isEmpty();
    } finally {
      browser.quit();
    }
  }

  @Test
  void aManagerSignsInSeesTheBuildingAndAnAlertTurnsItsRoomRedWithoutAReload() {
    browser = Chromium.start(1280, 900);
    signIn(admin);
    assertThat(tile(meetingRoom).getAttribute("data-level")).isEqualTo("good");
    assertThat(tile(meetingRoom).findElement(By.cssSelector("[data-metric=co2]")).getText())
        .endsWith("ppm");
    assertThat(browser.findElements(By.cssSelector(".building h2")))
        .extracting(WebElement::getText)
        .containsExactly("HQ");
    assertThat(browser.findElements(By.cssSelector(".tile"))).hasSize(2);

    // rooms raises an alert after two readings beyond the limit (its debounce).
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Response posted =
        api.post(
            "/sensors/data",
            admin.token(),
            Map.of(
                "readings",
                List.of(
                    reading(co2Sensor, now.minusSeconds(20), 1400),
                    reading(co2Sensor, now.minusSeconds(10), 1500))));
    assertThat(posted.status()).as("%s", posted).isEqualTo(202);
    awaitMetrics(meetingRoom, m -> m.path("activeAlerts").size() == 1);
    long alertVisibleInApi = System.nanoTime();

    // From the moment the API shows the alert, the open page shows it within 3 s, no reload.
    new WebDriverWait(browser, Duration.ofSeconds(3))
        .ignoring(StaleElementReferenceException.class)
        .until(d -> "alert".equals(tile(meetingRoom).getAttribute("data-level")));
    long shownAfterMs = (System.nanoTime() - alertVisibleInApi) / 1_000_000;
    System.out.println("dashboard: alert shown " + shownAfterMs + " ms after the API had it");
    assertThat(browser.findElement(By.cssSelector(".alerts")).getText())
        .contains("Meeting room")
        .contains("1500");
  }

  @Test
  void aRoomPageChartsItsReadingsAndAnOperatorCanEditThresholds() {
    browser = Chromium.start(1280, 1200);
    signIn(admin);
    tile(officeRoom).click();
    WebElement chart =
        new WebDriverWait(browser, Duration.ofSeconds(15))
            .until(d -> d.findElement(By.cssSelector("figure.chart[data-metric=temperature]")));
    assertThat(Integer.parseInt(chart.getAttribute("data-points"))).isGreaterThanOrEqualTo(25);
    assertThat(chart.findElements(By.tagName("canvas"))).isNotEmpty();

    WebElement max = browser.findElement(By.id("th-temperature-max"));
    assertThat(max.getAttribute("value")).isEqualTo("26");
    max.clear();
    max.sendKeys("25");
    browser.findElement(By.cssSelector("form.thresholds button[type=submit]")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.findElement(By.cssSelector("form.thresholds .ok")).isDisplayed());
    JsonNode room = api.get("/rooms/" + officeRoom, admin.token()).json();
    assertThat(room.path("thresholds").path("temperature").path("max").asDouble()).isEqualTo(25);
    assertThat(room.path("thresholds").path("temperature").path("min").asDouble()).isEqualTo(18);
  }

  @Test
  void aViewerSeesTheRoomsButNoEditControls() {
    browser = Chromium.start(390, 844); // a phone
    signIn(viewer);
    tile(officeRoom);
    assertThat(browser.findElements(By.linkText("Organisation"))).isEmpty();
    tile(officeRoom).click();
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .until(d -> d.findElement(By.cssSelector("figure.chart[data-metric=temperature]")));
    assertThat(browser.findElements(By.cssSelector("form.thresholds"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("input"))).isEmpty();
  }

  @Test
  void anotherOrganisationSeesNoneOfThisBuilding() {
    browser = Chromium.start(1280, 900);
    signIn(stranger);
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .until(d -> d.findElement(By.xpath("//p[text()='No rooms yet.']")));
    assertThat(browser.findElements(By.cssSelector(".tile"))).isEmpty();

    // Even with the room's id in the address: the API answers 404 and the page says so.
    expectedConsoleErrors.add("404");
    browser.get(stack.url() + "/#/rooms/" + meetingRoom);
    WebElement error =
        new WebDriverWait(browser, Duration.ofSeconds(15))
            .until(d -> d.findElement(By.cssSelector("p.error")));
    assertThat(error.getText()).isNotBlank();
    assertThat(browser.getPageSource()).doesNotContain("Meeting room");
  }

  private void signIn(Account account) {
    browser.get(stack.url() + "/");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.until(d -> d.findElement(By.id("email"))).sendKeys(account.email());
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    wait.until(d -> d.findElement(By.id("sign-out")));
  }

  private WebElement tile(String roomId) {
    return new WebDriverWait(browser, Duration.ofSeconds(15))
        .ignoring(StaleElementReferenceException.class)
        .until(d -> d.findElement(By.cssSelector(".tile[data-room-id='" + roomId + "']")));
  }

  private static Account registerOrganisation(String organisation) {
    return register(Map.of("name", "Ada Admin", "organization", organisation), null);
  }

  private static Account register(Map<String, Object> fields, String adminToken) {
    String email = "u-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    Map<String, Object> body = new java.util.HashMap<>(fields);
    body.put("email", email);
    body.put("password", PASSWORD);
    Response registered = api.post("/auth/register", adminToken, body);
    assertThat(registered.status()).as("register: %s", registered).isEqualTo(201);
    Response login = api.post("/auth/login", null, Map.of("email", email, "password", PASSWORD));
    assertThat(login.status()).as("login: %s", login).isEqualTo(200);
    return new Account(email, login.json().path("accessToken").asText());
  }

  private static String createRoom(String name, int floor, int capacity, Map<String, ?> limits) {
    Response room =
        api.post(
            "/rooms",
            admin.token(),
            Map.of(
                "name",
                name,
                "building",
                "HQ",
                "floor",
                floor,
                "areaM2",
                40,
                "capacity",
                capacity));
    assertThat(room.status()).as("%s", room).isEqualTo(201);
    String id = room.json().path("id").asText();
    Response thresholds = api.put("/rooms/" + id + "/thresholds", admin.token(), limits);
    assertThat(thresholds.status()).as("%s", thresholds).isEqualTo(200);
    return id;
  }

  private static String createSensor(String roomId, String type, String unit) {
    Response sensor =
        api.post("/sensors", admin.token(), Map.of("roomId", roomId, "type", type, "unit", unit));
    assertThat(sensor.status()).as("%s", sensor).isEqualTo(201);
    return sensor.json().path("id").asText();
  }

  private static Map<String, Object> reading(String sensorId, Instant at, double value) {
    return Map.of("sensorId", sensorId, "timestamp", at.toString(), "value", value);
  }

  private static JsonNode awaitMetrics(String roomId, Predicate<JsonNode> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      Response metrics = api.get("/rooms/" + roomId + "/metrics", admin.token());
      last = metrics.json();
      if (metrics.status() == 200 && condition.test(last)) {
        return last;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for room metrics", e);
      }
    }
    throw new AssertionError("room metrics never reached the expected state; last: " + last);
  }
}
