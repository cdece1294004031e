package io.sac4cps.localstack.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sac4cps.localstack.LocalStack;
import io.sac4cps.localstack.client.PlatformClient;
import io.sac4cps.localstack.client.PlatformClient.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
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
  private static final int EXPORT_ROWS_PER_SECOND = 200;

  private static LocalStack stack;
  private static PlatformClient api;
  private static Account admin;
  private static Account viewer;
  private static Account stranger;
  private static String meetingRoom;
  private static String officeRoom;
  private static String co2Sensor;
  private static Account analyst;
  private static String labRoom;

  private ChromeDriver browser;
  private final List<String> expectedConsoleErrors = new ArrayList<>();

  record Account(String email, String token) {}

  @BeforeAll
  static void startStackWithABuilding() {
    Chromium.requireInstalled();
    Path root = Path.of(System.getProperty("sac4cps.root", "..")).toAbsolutePath().normalize();
    stack =
        LocalStack.start(
            new LocalStack.Options(root, 0, Map.of())
                .setting(
                    "sensors",
                    Map.of(
                        // As the end-to-end suite: a page of 50 readings, then a look for a
                        // cancel; 200 a second, so a long export is still running when cancelled.
                        "SAC4CPS_SENSORS_EXPORT_PAGE_ROWS",
                        "50",
                        "SAC4CPS_SENSORS_EXPORT_ROWS_PER_SECOND",
                        String.valueOf(EXPORT_ROWS_PER_SECOND))));
    assertThat(stack.servesDashboard()).as("the web module's build is on the class path").isTrue();
    api = new PlatformClient(stack.url());

    admin = registerOrganisation("Acme Facilities");
    viewer = register(Map.of("name", "Vic Viewer", "roles", List.of("viewer")), admin.token());
    stranger = registerOrganisation("Other Org");
    warmUp();
    warmUpDownloads();

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
    seedAnalyticsOrganisation();
  }

  /**
   * A third organisation whose one room has hand-countable hours, so its summary is known: six
   * occupied hours in the current 24 h (5 people of 10, 2 kWh each, CO2 above 1000 ppm in two of
   * them, 27 °C against a 26 °C limit in one) and four in the 24 h before (2 people, 1 kWh each).
   * Its own tenant, so the other scenarios' readings and alerts never change these figures.
   */
  private static void seedAnalyticsOrganisation() {
    analyst = registerOrganisation("Northwind Estates");
    labRoom =
        createRoom(
            analyst,
            "Lab",
            "Annex",
            0,
            50,
            10,
            Map.of("temperature", Map.of("min", 18, "max", 26)));
    String occupancy = createSensor(analyst, labRoom, "occupancy", "people");
    String co2 = createSensor(analyst, labRoom, "co2", "ppm");
    String temperature = createSensor(analyst, labRoom, "temperature", "°C");
    String energy = createSensor(analyst, labRoom, "energy", "kWh");
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    List<Map<String, Object>> readings = new ArrayList<>();
    // Hours back from the current one: 28..25 lie in the previous 24 h, 6..1 in the current.
    for (int back : List.of(28, 27, 26, 25, 6, 5, 4, 3, 2, 1)) {
      boolean current = back <= 6;
      Instant at = hour.minus(back, ChronoUnit.HOURS).plus(30, ChronoUnit.MINUTES);
      readings.add(reading(occupancy, at, current ? 5 : 2));
      readings.add(reading(co2, at, current && (back == 2 || back == 4) ? 1200 : 800));
      readings.add(reading(temperature, at, current && back == 3 ? 27 : 22));
      readings.add(reading(energy, at, current ? 2 : 1));
    }
    Response posted = api.post("/sensors/data", analyst.token(), Map.of("readings", readings));
    assertThat(posted.status()).as("%s", posted).isEqualTo(202);
    assertThat(posted.json().path("accepted").asInt()).isEqualTo(40);
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
      saveScreenshot(browser, test.getTestMethod().orElseThrow().getName());
      assertNoConsoleErrors(browser, "console errors");
    } finally {
      browser.quit();
    }
  }

  private static void saveScreenshot(ChromeDriver driver, String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  /** What the browser logged as an error, less what the scenario expects (e.g. an API's 404). */
  private void assertNoConsoleErrors(ChromeDriver driver, String whose) {
    List<String> errors =
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .map(LogEntry::getMessage)
            .filter(m -> expectedConsoleErrors.stream().noneMatch(m::contains))
            .toList();
    assertThat(errors).as(whose).isEmpty();
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
  void anAdminAcknowledgesAnAlertAndASecondAdminSeesWhoAndWhenWithoutAReload() throws IOException {
    // Its own organisation: the other scenarios count this tenant's rooms and alerts.
    Account first = registerOrganisation("Fabrikam Sites");
    Account second =
        register(Map.of("name", "Bea Admin", "roles", List.of("admin")), first.token());
    Account watcher =
        register(Map.of("name", "Wes Viewer", "roles", List.of("viewer")), first.token());
    String firstId = api.get("/users/me", first.token()).json().path("id").asText();
    // notifications learns the second admin from user.registered (its welcome is in the inbox):
    // only then does the acknowledgement reach them.
    awaitJson("/notifications", second, n -> n.path("unreadCount").asInt() >= 1);
    String room =
        createRoom(first, "Server room", "Depot", 0, 20, 4, Map.of("co2", Map.of("max", 1000)));
    String sensor = createSensor(first, room, "co2", "ppm");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Response posted =
        api.post(
            "/sensors/data",
            first.token(),
            Map.of(
                "readings",
                List.of(
                    reading(sensor, now.minusSeconds(20), 1400),
                    reading(sensor, now.minusSeconds(10), 1500))));
    assertThat(posted.status()).as("%s", posted).isEqualTo(202);
    String alertId =
        awaitMetrics(first, room, m -> m.path("activeAlerts").size() == 1)
            .at("/activeAlerts/0/id")
            .asText();
    By alert = By.cssSelector(".alerts li[data-alert-id='" + alertId + "']");

    ChromeDriver other = Chromium.start(1280, 900);
    try {
      // A viewer sees the alert, and no button to acknowledge it.
      signIn(other, watcher);
      assertThat(awaitElement(other, alert).getText()).contains("Server room").contains("1500");
      assertThat(other.findElements(By.cssSelector(".alerts button"))).isEmpty();
      assertNoConsoleErrors(other, "viewer");
      clickWhenStable(other, By.id("sign-out"));

      signIn(other, second);
      WebElement secondsCard = awaitElement(other, alert);
      assertThat(secondsCard.getAttribute("data-acknowledged")).isEqualTo("no");
      assertThat(secondsCard.findElements(By.cssSelector("button.acknowledge"))).hasSize(1);
      awaitElement(other, By.cssSelector("body[data-live=open]"));
      int secondsUnread =
          api.get("/notifications", second.token()).json().path("unreadCount").asInt();
      // Proof that the page is never reloaded: a reload would lose this.
      other.executeScript("window.notReloaded = true;");

      browser = Chromium.start(1280, 900);
      signIn(first);
      clickWhenStable(
          By.cssSelector(".alerts li[data-alert-id='" + alertId + "'] button.acknowledge"));
      WebElement firstsCard =
          new WebDriverWait(browser, Duration.ofSeconds(15))
              .ignoring(StaleElementReferenceException.class)
              .until(d -> d.findElement(alert).findElement(By.className("acknowledged")));
      JsonNode acknowledged = api.get("/rooms/" + room + "/metrics", first.token()).json();
      JsonNode ack = acknowledged.at("/activeAlerts/0/acknowledgement");
      assertThat(ack.path("by").asText()).as("%s", acknowledged).isEqualTo(firstId);
      assertThat(Instant.parse(ack.path("at").asText())).isBetween(now, Instant.now());
      assertThat(firstsCard.getText()).startsWith("— acknowledged by you at ");
      assertThat(firstsCard.findElement(By.tagName("time")).getAttribute("datetime"))
          .isEqualTo(ack.path("at").asText());
      assertThat(browser.findElements(By.cssSelector(".alerts button"))).isEmpty();

      // The second admin's open page shows who and when, and offers no second acknowledgement;
      // their badge counts the notification that someone is on it.
      WebElement shown =
          new WebDriverWait(other, Duration.ofSeconds(10))
              .ignoring(StaleElementReferenceException.class)
              .until(d -> d.findElement(alert).findElement(By.className("acknowledged")));
      assertThat(shown.getAttribute("data-acknowledged-by")).isEqualTo(firstId);
      assertThat(shown.getText()).startsWith("— acknowledged by Ada Admin at ");
      assertThat(shown.findElement(By.tagName("time")).getAttribute("datetime"))
          .isEqualTo(ack.path("at").asText());
      assertThat(other.findElements(By.cssSelector(".alerts button"))).isEmpty();
      new WebDriverWait(other, Duration.ofSeconds(10))
          .ignoring(StaleElementReferenceException.class)
          .until(d -> String.valueOf(secondsUnread + 1).equals(badge(other)));
      JsonNode inbox = api.get("/notifications", second.token()).json();
      assertThat(inbox.at("/items/0/eventType").asText()).isEqualTo("alert.acknowledged.v1");
      assertThat(inbox.at("/items/0/subject").asText()).isEqualTo(alertId);
      assertThat(inbox.at("/items/0/title").asText()).startsWith("Acknowledged by Ada Admin: ");
      assertThat(other.executeScript("return window.notReloaded === true;")).isEqualTo(true);
      saveScreenshot(other, "anAdminAcknowledgesAnAlert-secondAdmin");
      assertNoConsoleErrors(other, "second admin");
    } finally {
      other.quit();
    }
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

  @Test
  void analyticsShowTheSummaryAgainstThePreviousPeriodAndATrendInTheChosenTimeZone() {
    awaitAnalyticsSettled();

    browser = Chromium.start(1280, 1400);
    signIn(analyst);
    clickWhenStable(By.linkText("Analytics"));
    WebElement summary = awaitElement(By.cssSelector("section[aria-label=Summary]"));
    // The page shows the API's figures for the period it asked for, each against the period before.
    JsonNode asked =
        api.get(
                "/analytics/summary?from="
                    + summary.getAttribute("data-from")
                    + "&to="
                    + summary.getAttribute("data-to"),
                analyst.token())
            .json();
    assertFigure("occupancy", asked.at("/occupancy/utilisationPercent"), 1, "%", 1);
    assertFigure("energy", asked.at("/energy/totalKwh"), 1, "kWh", 1);
    assertFigure("energy-per-m2", asked.at("/energy/kwhPerM2"), 2, "kWh/m²", 1);
    assertFigure("comfort", asked.at("/comfort/insidePercent"), 1, "%", 1);
    assertFigure("co2-exceedance", asked.at("/comfort/co2ExceedanceHours"), 0, "h", 1);
    assertFigure("alerts-raised", asked.at("/alerts/raised"), 0, "", 1);
    assertFigure("mttr", asked.at("/alerts/meanTimeToResolveSeconds"), 1, "min", 1.0 / 60);
    assertFigure("completeness", asked.at("/dataHealth/completenessPercent"), 1, "%", 1);
    assertThat(figure("energy").findElement(By.className("value")).getText()).isEqualTo("12.0 kWh");
    assertThat(figure("energy").findElement(By.className("change")).getText())
        .isEqualTo("▲ +8.0 vs 4.0");
    assertThat(summary.findElement(By.cssSelector("tr[data-room-id='" + labRoom + "']")).getText())
        .startsWith("Lab 50.0 12.0 0.24 83.3 2 ");

    // Energy per day on Berlin's calendar: the buckets start at local midnight (23:00 UTC in
    // winter).
    new Select(browser.findElement(By.id("trend-metric"))).selectByValue("energy");
    awaitElement(By.cssSelector("figure.chart[data-metric=energy]"));
    new Select(browser.findElement(By.id("trend-interval"))).selectByValue("1d");
    awaitElement(By.xpath("//select[@id='trend-interval']/option[@value='1d' and @selected]"));
    new Select(browser.findElement(By.id("trend-tz"))).selectByValue("Europe/Berlin");
    WebElement table =
        awaitElement(
            By.xpath(
                "//select[@id='trend-tz']/option[@value='Europe/Berlin' and @selected]/ancestor::section//details[@class='trend-table']"));
    table.findElement(By.tagName("summary")).click();
    String from =
        browser
            .findElement(By.cssSelector("section[aria-label=Summary]"))
            .getAttribute("data-from");
    String to =
        browser.findElement(By.cssSelector("section[aria-label=Summary]")).getAttribute("data-to");
    JsonNode trend =
        api.get(
                "/analytics/trends?metric=energy&interval=1d&tz=Europe/Berlin&agg=min,max,avg,sum,count&from="
                    + from
                    + "&to="
                    + to,
                analyst.token())
            .json();
    List<String> expectedRows = new ArrayList<>();
    double total = 0;
    DateTimeFormatter berlin =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Europe/Berlin"));
    for (JsonNode point : trend.path("points")) {
      Instant start = Instant.parse(point.path("t").asText());
      assertThat(start.atZone(ZoneId.of("Europe/Berlin")).toLocalTime())
          .isEqualTo(LocalTime.MIDNIGHT);
      int count = point.path("count").asInt();
      String sum =
          count == 0 ? "–" : String.format(Locale.ROOT, "%.2f", point.path("sum").asDouble());
      total += point.path("sum").asDouble();
      expectedRows.add(
          berlin.format(start)
              + " "
              + count
              + " "
              + (count == 0
                  ? "– – – –"
                  : String.format(
                      Locale.ROOT,
                      "%.2f %.2f %.2f %s",
                      point.path("min").asDouble(),
                      point.path("avg").asDouble(),
                      point.path("max").asDouble(),
                      sum)));
    }
    // Whole Berlin days reach back before the period's first hour, into the previous period's
    // readings on some hours of the day: every kWh of the period is there, perhaps some before.
    assertThat(total).as("the period's 12 kWh, all in some bucket").isBetween(12.0, 16.0);
    assertThat(table.findElements(By.cssSelector("tbody tr")))
        .extracting(WebElement::getText)
        .containsExactlyElementsOf(expectedRows);
  }

  @Test
  void aSensorExportRunsAsATaskWithLiveProgressAndItsFileDownloads() throws IOException {
    Path downloads = Files.createTempDirectory("downloads");
    browser = Chromium.start(1280, 900, downloads);
    signIn(admin);
    clickWhenStable(By.linkText("Tasks"));
    new Select(awaitElement(By.id("export-scope"))).selectByValue("sensor:" + co2Sensor);
    browser
        .findElement(By.cssSelector("form[aria-label='Export sensor data'] button[type=submit]"))
        .click();
    WebElement row =
        new WebDriverWait(browser, Duration.ofSeconds(90))
            .ignoring(StaleElementReferenceException.class)
            .until(d -> d.findElement(By.cssSelector("tr[data-status=succeeded]")));
    String taskId = row.getAttribute("data-task-id");
    By taskRow = By.cssSelector("tr[data-task-id='" + taskId + "']");
    JsonNode task = api.get("/tasks/" + taskId, admin.token()).json();
    assertThat(task.at("/params/sensorId").asText()).isEqualTo(co2Sensor);
    assertThat(task.path("status").asText()).isEqualTo("succeeded");

    // The row shows the task's own progress and result, as the API has them.
    long done = task.at("/progress/done").asLong();
    JsonNode total = task.at("/progress/total");
    String progress =
        total.isNumber()
            ? done
                + " / "
                + total.asLong()
                + " ("
                + Math.round(100.0 * Math.min(done, total.asLong()) / Math.max(1, total.asLong()))
                + " %)"
            : String.valueOf(done);
    row = awaitElement(taskRow);
    assertThat(row.findElement(By.className("progress-text")).getText()).isEqualTo(progress);
    assertThat(row.findElement(By.className("result")).getText())
        .isEqualTo(task.at("/result/summary").asText());
    assertThat(row.findElements(By.className("cancel")))
        .as("no cancel on a finished task")
        .isEmpty();

    // The file has a line per reading of the sensor in the task's period, after the header.
    int readings = 0;
    String cursor = null;
    do {
      JsonNode page =
          api.get(
                  "/sensors/"
                      + co2Sensor
                      + "/data?limit=1000&from="
                      + task.at("/params/from").asText()
                      + "&to="
                      + task.at("/params/to").asText()
                      + (cursor == null ? "" : "&cursor=" + cursor),
                  admin.token())
              .json();
      readings += page.path("items").size();
      cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
    } while (cursor != null);
    assertThat(readings).isGreaterThanOrEqualTo(30);
    awaitElement(taskRow).findElement(By.className("download")).click();
    Path file = awaitDownload(downloads, ".csv");
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.getFirst()).isEqualTo("sensorId,timestamp,value");
    assertThat(lines).hasSize(readings + 1);
    assertThat(lines.subList(1, lines.size())).allMatch(line -> line.startsWith(co2Sensor + ","));
  }

  @Test
  void aLongExportIsCancelledFromTheTasksViewWhileItRunsAndLeavesNoDownload() {
    // Its own organisation: the export scenario follows the first succeeded task of its tenant.
    Account owner = registerOrganisation("Tailspin Offices");
    String room = createRoom(owner, "Archive", "Annex", 0, 30, 2, Map.of());
    String sensor = createSensor(owner, room, "temperature", "°C");
    // 30 s of export at the stack's pace, one reading a second from three hours ago.
    int count = EXPORT_ROWS_PER_SECOND * 30;
    Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(3, ChronoUnit.HOURS);
    for (int batch = 0; batch < count; batch += 1000) {
      List<Map<String, Object>> readings = new ArrayList<>();
      for (int i = batch; i < Math.min(count, batch + 1000); i++) {
        readings.add(reading(sensor, first.plusSeconds(i), 20 + (i % 50) / 10.0));
      }
      Response posted = api.post("/sensors/data", owner.token(), Map.of("readings", readings));
      assertThat(posted.status()).as("%s", posted).isEqualTo(202);
    }

    browser = Chromium.start(1280, 900);
    signIn(owner);
    clickWhenStable(By.linkText("Tasks"));
    new Select(awaitElement(By.id("export-scope"))).selectByValue("sensor:" + sensor);
    browser
        .findElement(By.cssSelector("form[aria-label='Export sensor data'] button[type=submit]"))
        .click();
    // The row shows it running with some progress and a Cancel button: press it then.
    WebElement running =
        new WebDriverWait(browser, Duration.ofSeconds(60))
            .ignoring(StaleElementReferenceException.class)
            .until(
                d -> {
                  WebElement row = d.findElement(By.cssSelector("tr[data-status=running]"));
                  String progress = row.findElement(By.className("progress-text")).getText();
                  return progress.matches("[1-9][0-9]* / " + count + " .*") ? row : null;
                });
    String taskId = running.getAttribute("data-task-id");
    By taskRow = By.cssSelector("tr[data-task-id='" + taskId + "']");
    String progressBefore = running.findElement(By.className("progress-text")).getText();
    clickWhenStable(By.cssSelector("tr[data-task-id='" + taskId + "'] button.cancel"));
    WebElement notice = awaitElement(By.cssSelector("section[aria-label=Tasks] [role=status]"));
    assertThat(notice.getText()).matches("Task " + taskId + " is (cancelling|cancelled)\\.");

    WebElement cancelled =
        new WebDriverWait(browser, Duration.ofSeconds(60))
            .ignoring(StaleElementReferenceException.class)
            .until(
                d ->
                    d.findElement(
                        By.cssSelector(
                            "tr[data-task-id='" + taskId + "'][data-status=cancelled]")));
    JsonNode task = api.get("/tasks/" + taskId, owner.token()).json();
    assertThat(task.path("status").asText()).as("%s", task).isEqualTo("cancelled");
    long done = task.at("/progress/done").asLong();
    assertThat(done).as("stopped before the last reading: %s", task).isPositive().isLessThan(count);
    assertThat(Long.parseLong(progressBefore.split(" ")[0])).isLessThanOrEqualTo(done);
    cancelled = awaitElement(taskRow);
    assertThat(cancelled.findElement(By.className("status")).getText()).isEqualTo("cancelled");
    assertThat(cancelled.findElement(By.className("progress-text")).getText())
        .isEqualTo(done + " / " + count + " (" + Math.round(100.0 * done / count) + " %)");
    assertThat(cancelled.findElements(By.className("cancel")))
        .as("no cancel once cancelled")
        .isEmpty();
    assertThat(cancelled.findElements(By.className("download"))).as("no file").isEmpty();
    assertThat(task.path("result").path("download").isMissingNode()).as("%s", task).isTrue();
    assertThat(api.get("/tasks/" + taskId + "/download", owner.token()).status()).isEqualTo(404);
  }

  @Test
  void
      aReportStartedFromAnalyticsReachesOneHundredPercentItsCsvHoldsTheSummarysFiguresAndAPdfDownloads()
          throws IOException {
    awaitAnalyticsSettled();
    Path downloads = Files.createTempDirectory("reports");
    browser = Chromium.start(1280, 1400, downloads);
    signIn(analyst);
    clickWhenStable(By.linkText("Analytics"));
    By card = By.cssSelector("form[aria-label=Report]");
    awaitElement(card);
    new Select(browser.findElement(By.id("report-kind"))).selectByValue("energy");
    new Select(browser.findElement(By.id("report-format"))).selectByValue("csv");
    browser.findElement(card).findElement(By.cssSelector("button[type=submit]")).click();
    WebElement link =
        new WebDriverWait(browser, Duration.ofSeconds(120))
            .ignoring(StaleElementReferenceException.class)
            .until(d -> d.findElement(card).findElement(By.className("download")));
    WebElement done = browser.findElement(card);
    assertThat(done.getAttribute("data-status")).isEqualTo("succeeded");
    assertThat(done.findElement(By.tagName("progress")).getAttribute("value")).isEqualTo("100");
    assertThat(done.getText()).contains("100 %");

    // The API has the report the card followed, done day by day.
    String reportId = done.getAttribute("data-report-id");
    JsonNode report = api.get("/analytics/reports/" + reportId, analyst.token()).json();
    assertThat(report.path("status").asText()).as("%s", report).isEqualTo("succeeded");
    assertThat(report.path("kind").asText()).isEqualTo("energy");
    assertThat(report.path("format").asText()).isEqualTo("csv");
    int days = report.at("/progress/total").asInt();
    assertThat(report.at("/progress/done").asInt()).isEqualTo(days).isPositive();

    link.click();
    Path file = awaitDownload(downloads, ".csv");
    // A row per room and day, and the rows add up to the summary of the report's period: the
    // hand-counted 12 kWh of the Lab's 50 m².
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.getFirst()).isEqualTo("roomId,room,building,from,to,energyKwh,kwhPerM2");
    List<String[]> rows =
        lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
    JsonNode summary =
        api.get(
                "/analytics/summary?from="
                    + report.path("from").asText()
                    + "&to="
                    + report.path("to").asText(),
                analyst.token())
            .json();
    assertThat(rows).hasSize(days * summary.path("rooms").size());
    assertThat(rows).allSatisfy(row -> assertThat(row[0]).isEqualTo(labRoom));
    double kwh =
        rows.stream().mapToDouble(row -> row[5].isEmpty() ? 0 : Double.parseDouble(row[5])).sum();
    assertThat(kwh).isEqualTo(summary.at("/energy/totalKwh/value").asDouble()).isEqualTo(12);

    // The same card makes the building summary as a PDF, which downloads as one.
    new Select(browser.findElement(By.id("report-kind"))).selectByValue("building-summary");
    new Select(browser.findElement(By.id("report-format"))).selectByValue("pdf");
    browser.findElement(card).findElement(By.cssSelector("button[type=submit]")).click();
    WebElement pdfLink =
        new WebDriverWait(browser, Duration.ofSeconds(120))
            .ignoring(StaleElementReferenceException.class)
            .until(
                d -> {
                  WebElement now = d.findElement(card);
                  return !reportId.equals(now.getAttribute("data-report-id"))
                          && "succeeded".equals(now.getAttribute("data-status"))
                      ? now.findElement(By.className("download"))
                      : null;
                });
    String pdfReportId = browser.findElement(card).getAttribute("data-report-id");
    JsonNode pdfReport = api.get("/analytics/reports/" + pdfReportId, analyst.token()).json();
    assertThat(pdfReport.path("format").asText()).as("%s", pdfReport).isEqualTo("pdf");
    assertThat(pdfReport.path("status").asText()).isEqualTo("succeeded");
    pdfLink.click();
    Path pdf = awaitDownload(downloads, ".pdf");
    byte[] pdfBytes = Files.readAllBytes(pdf);
    assertThat(new String(pdfBytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
        .as("the downloaded file is a PDF")
        .isEqualTo("%PDF-");
  }

  /** The file whose name ends with {@code suffix} once the browser has saved it whole. */
  private Path awaitDownload(Path downloads, String suffix) {
    return new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(
            d -> {
              try (var files = Files.list(downloads)) {
                return files
                    .filter(f -> f.getFileName().toString().endsWith(suffix))
                    .findFirst()
                    .orElse(null);
              } catch (IOException e) {
                return null;
              }
            });
  }

  @Test
  void theUnreadBadgeFollowsTheInboxLiveAndMarkingReadClearsIt() {
    Account reader = registerOrganisation("Contoso Property");
    // notifications learns the tenant's users from user.registered: until then a send reaches no
    // one.
    awaitJsonAfter(
        () -> send(reader, "Boiler service", "The boiler is serviced on Friday."),
        sent -> sent.path("deliveries").size() > 0);
    int unread =
        awaitJson("/notifications", reader, n -> n.path("unreadCount").asInt() >= 1)
            .path("unreadCount")
            .asInt();

    browser = Chromium.start(1280, 900);
    signIn(reader);
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .ignoring(StaleElementReferenceException.class)
        .until(d -> String.valueOf(unread).equals(badge()));
    awaitElement(By.cssSelector("body[data-live=open]"));

    // A notification sent while the page is open raises the badge without a reload.
    JsonNode drill = send(reader, "Fire drill", "Fire drill at 10:00, assemble in the car park.");
    assertThat(drill.path("deliveries").size()).isPositive();
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .ignoring(StaleElementReferenceException.class)
        .until(d -> String.valueOf(unread + 1).equals(badge()));

    clickWhenStable(By.partialLinkText("Notifications"));
    JsonNode inbox = api.get("/notifications", reader.token()).json();
    assertThat(inbox.path("unreadCount").asInt()).isEqualTo(unread + 1);
    List<String> titles = new ArrayList<>();
    inbox.path("items").forEach(n -> titles.add(n.path("title").asText()));
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .ignoring(StaleElementReferenceException.class)
        .until(
            d ->
                d.findElements(By.cssSelector(".notification h3")).stream()
                    .map(e -> e.getText().replaceFirst("\\s*new$", ""))
                    .toList()
                    .equals(titles));

    String newest = inbox.at("/items/0/id").asText();
    browser
        .findElement(By.cssSelector("[data-notification-id='" + newest + "'] .mark-read"))
        .click();
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .ignoring(StaleElementReferenceException.class)
        .until(d -> String.valueOf(unread).equals(badge()));
    inbox = api.get("/notifications", reader.token()).json();
    assertThat(inbox.path("unreadCount").asInt()).isEqualTo(unread);
    assertThat(inbox.at("/items/0/readAt").isTextual()).as("marked read in the API").isTrue();

    awaitElement(By.id("mark-all-read")).click();
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .until(d -> d.findElements(By.id("unread")).isEmpty());
    assertThat(api.get("/notifications", reader.token()).json().path("unreadCount").asInt())
        .isZero();
    assertThat(browser.findElements(By.cssSelector(".notification.unread"))).isEmpty();

    // The event log lists the tenant's events as the API has them, newest first.
    browser.findElement(By.linkText("Event log")).click();
    List<String> events = new ArrayList<>();
    api.get("/events?limit=100", reader.token())
        .json()
        .path("items")
        .forEach(e -> events.add(e.path("id").asText()));
    assertThat(events).isNotEmpty();
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .ignoring(StaleElementReferenceException.class)
        .until(
            d ->
                d.findElements(By.cssSelector(".events tbody tr")).stream()
                    .map(e -> e.getAttribute("data-event-id"))
                    .toList()
                    .equals(events));
  }

  @Test
  void aKeyboardAloneSignsInAndMovesBetweenTheViews() {
    browser = Chromium.start(1280, 900);
    browser.get(stack.url() + "/");
    awaitElement(By.id("email"));
    // The sign-in form has the focus: type, Tab to the password, Enter submits.
    assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("email");
    browser.switchTo().activeElement().sendKeys(admin.email());
    browser.switchTo().activeElement().sendKeys(Keys.TAB);
    assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("password");
    browser.switchTo().activeElement().sendKeys(PASSWORD, Keys.ENTER);
    tile(meetingRoom);

    // The view has the focus; Shift+Tab reaches the navigation above it; Enter follows a link;
    // the focus is visible.
    WebElement analytics = tabBackTo(e -> "Analytics".equals(e.getText()));
    assertThat(analytics.getCssValue("outline-style")).isEqualTo("solid");
    analytics.sendKeys(Keys.ENTER);
    awaitElement(By.cssSelector("section[aria-label=Summary]"));
    assertThat(browser.getCurrentUrl()).endsWith("#/analytics");
    // The new view takes the focus, so the next Tab lands in it, not back at the top.
    WebElement period = tabTo(e -> "period".equals(e.getAttribute("id")));
    assertThat(period.getTagName()).isEqualTo("select");

    // Back to the buildings, and into a room from its tile.
    tabBackTo(e -> "Buildings".equals(e.getText())).sendKeys(Keys.ENTER);
    tile(meetingRoom);
    WebElement tile = tabTo(e -> meetingRoom.equals(e.getAttribute("data-room-id")));
    assertThat(tile.getCssValue("outline-style")).isEqualTo("solid");
    tile.sendKeys(Keys.ENTER);
    awaitElement(By.cssSelector("figure.chart[data-metric=co2]"));
    assertThat(browser.getCurrentUrl()).endsWith("#/rooms/" + meetingRoom);
  }

  /** Presses Tab until the focused element matches (at most 40 times). */
  private WebElement tabTo(Predicate<WebElement> wanted) {
    return tab(wanted, Keys.TAB);
  }

  private WebElement tabBackTo(Predicate<WebElement> wanted) {
    return tab(wanted, Keys.chord(Keys.SHIFT, Keys.TAB));
  }

  private WebElement tab(Predicate<WebElement> wanted, CharSequence key) {
    List<String> passed = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      new Actions(browser).sendKeys(key).perform();
      WebElement focused = browser.switchTo().activeElement();
      if (wanted.test(focused)) {
        return focused;
      }
      passed.add(focused.getTagName() + ":" + focused.getText());
    }
    throw new AssertionError(
        "the keyboard never reached the element; focus went through " + passed);
  }

  private String badge() {
    return badge(browser);
  }

  private static String badge(ChromeDriver driver) {
    List<WebElement> badges = driver.findElements(By.id("unread"));
    return badges.isEmpty() ? "" : badges.getFirst().getText();
  }

  private static JsonNode send(Account account, String title, String body) {
    Response sent =
        api.post(
            "/notifications/send",
            account.token(),
            Map.of("to", Map.of("tenant", true), "title", title, "body", body));
    assertThat(sent.status()).as("%s", sent).isEqualTo(202);
    return sent.json();
  }

  /** The projection is asynchronous: waits until the API has every seeded hour and room fact. */
  private static void awaitAnalyticsSettled() {
    JsonNode settled =
        awaitJson(
            "/analytics/summary",
            analyst,
            s ->
                s.at("/energy/totalKwh/value").asDouble() == 12
                    && s.at("/energy/totalKwh/previous").asDouble() == 4
                    && s.at("/energy/kwhPerM2/value").asDouble() == 0.24
                    && s.at("/occupancy/utilisationPercent/value").asDouble() == 50
                    && s.at("/comfort/co2ExceedanceHours/value").asDouble() == 2
                    && s.at("/comfort/insidePercent/value").isNumber());
    assertThat(settled.at("/comfort/insidePercent/value").asDouble())
        .isCloseTo(500.0 / 6, within(1e-9));
  }

  private static JsonNode awaitJsonAfter(
      java.util.function.Supplier<JsonNode> call, Predicate<JsonNode> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = call.get();
      if (condition.test(last)) {
        return last;
      }
      pause();
    }
    throw new AssertionError("never reached the expected state; last: " + last);
  }

  private WebElement figure(String id) {
    return browser.findElement(By.cssSelector(".figure[data-figure='" + id + "']"));
  }

  /** The figure's card shows the API's value and its change against the previous period. */
  private void assertFigure(String id, JsonNode figure, int decimals, String unit, double scale) {
    WebElement card = figure(id);
    String value =
        figure.path("value").isNumber()
            ? String.format(
                    Locale.ROOT, "%." + decimals + "f", figure.path("value").asDouble() * scale)
                + (unit.isEmpty() ? "" : " " + unit)
            : "–";
    assertThat(card.findElement(By.className("value")).getText()).as(id).isEqualTo(value);
    String change;
    if (figure.path("change").isNumber()) {
      double c = figure.path("change").asDouble() * scale;
      change =
          (c > 0 ? "▲ +" : c < 0 ? "▼ " : "= ")
              + String.format(Locale.ROOT, "%." + decimals + "f", c)
              + " vs "
              + String.format(
                  Locale.ROOT, "%." + decimals + "f", figure.path("previous").asDouble() * scale);
    } else {
      change = figure.path("previous").isNumber() ? "–" : "no data in the previous period";
    }
    assertThat(card.findElement(By.className("change")).getText())
        .as(id + " change")
        .isEqualTo(change);
  }

  /** Clicks what by finds, again if it was re-rendered in between (the badge redraws the nav). */
  private void clickWhenStable(By by) {
    clickWhenStable(browser, by);
  }

  private static void clickWhenStable(ChromeDriver driver, By by) {
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              d.findElement(by).click();
              return true;
            });
  }

  private WebElement awaitElement(By by) {
    return awaitElement(browser, by);
  }

  private static WebElement awaitElement(ChromeDriver driver, By by) {
    return new WebDriverWait(driver, Duration.ofSeconds(30))
        .ignoring(StaleElementReferenceException.class)
        .until(d -> d.findElement(by));
  }

  private void signIn(Account account) {
    signIn(browser, account);
  }

  private static void signIn(ChromeDriver driver, Account account) {
    driver.get(stack.url() + "/");
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    wait.until(d -> d.findElement(By.id("email"))).sendKeys(account.email());
    driver.findElement(By.id("password")).sendKeys(PASSWORD);
    driver.findElement(By.cssSelector("form button[type=submit]")).click();
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
    // On a loaded machine identity's cold start, or its password hashing, can outlast the
    // function's timeout; the same request again is safe (a 409: an earlier one did register).
    for (int retry = 0; retry < 4 && registered.status() == 504; retry++) {
      registered = api.post("/auth/register", adminToken, body);
    }
    assertThat(registered.status()).as("register: %s", registered).isIn(201, 409);
    Response login = api.post("/auth/login", null, Map.of("email", email, "password", PASSWORD));
    assertThat(login.status()).as("login: %s", login).isEqualTo(200);
    return new Account(email, login.json().path("accessToken").asText());
  }

  private static String createRoom(String name, int floor, int capacity, Map<String, ?> limits) {
    return createRoom(admin, name, "HQ", floor, 40, capacity, limits);
  }

  private static String createRoom(
      Account owner,
      String name,
      String building,
      int floor,
      int areaM2,
      int capacity,
      Map<String, ?> limits) {
    Response room =
        api.post(
            "/rooms",
            owner.token(),
            Map.of(
                "name",
                name,
                "building",
                building,
                "floor",
                floor,
                "areaM2",
                areaM2,
                "capacity",
                capacity));
    assertThat(room.status()).as("%s", room).isEqualTo(201);
    String id = room.json().path("id").asText();
    Response thresholds = api.put("/rooms/" + id + "/thresholds", owner.token(), limits);
    assertThat(thresholds.status()).as("%s", thresholds).isEqualTo(200);
    return id;
  }

  private static String createSensor(String roomId, String type, String unit) {
    return createSensor(admin, roomId, type, unit);
  }

  private static String createSensor(Account owner, String roomId, String type, String unit) {
    Response sensor =
        api.post("/sensors", owner.token(), Map.of("roomId", roomId, "type", type, "unit", unit));
    assertThat(sensor.status()).as("%s", sensor).isEqualTo(201);
    return sensor.json().path("id").asText();
  }

  private static Map<String, Object> reading(String sensorId, Instant at, double value) {
    return Map.of("sensorId", sensorId, "timestamp", at.toString(), "value", value);
  }

  /**
   * A first invocation of each function with a harmless GET: on a loaded machine a cold start can
   * outlast the gateway's timeout, and a timed-out POST could not simply be sent again.
   */
  private static void warmUp() {
    for (String path :
        List.of(
            "/rooms", "/sensors", "/analytics/summary", "/tasks", "/notifications", "/events")) {
      Response last = null;
      for (int attempt = 0; attempt < 4 && (last == null || last.status() == 504); attempt++) {
        try {
          last = api.get(path, admin.token());
        } catch (java.io.UncheckedIOException timedOut) {
          last = null;
        }
      }
      assertThat(last).as("GET %s never answered", path).isNotNull();
      assertThat(last.status()).as("GET %s: %s", path, last).isEqualTo(200);
    }
  }

  /**
   * A first export and a first report, followed to their download: the first answer that carries a
   * download link builds the function's S3 client and presigner (1.5 s against 40 ms for the next
   * list, on a quiet machine; on a loaded one it outlasted the gateway's 29 s and the tasks page
   * logged a 504), and the pages poll those answers every second. In the stranger's tenant, which
   * has no sensors and no rooms: nothing the scenarios count.
   */
  private static void warmUpDownloads() {
    Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
    Instant from = to.minus(1, ChronoUnit.DAYS);
    Response export =
        api.post(
            "/tasks",
            stranger.token(),
            Map.of(
                "kind",
                "sensor-data-export",
                "params",
                Map.of("from", from.toString(), "to", to.toString(), "format", "csv")));
    assertThat(export.status()).as("%s", export).isEqualTo(202);
    Response report =
        api.post(
            "/analytics/reports",
            stranger.token(),
            Map.of(
                "kind", "energy", "format", "csv", "from", from.toString(), "to", to.toString()));
    assertThat(report.status()).as("%s", report).isEqualTo(202);
    awaitJson(
        "/tasks/" + export.json().path("id").asText(),
        stranger,
        t -> t.at("/result/download/url").isTextual());
    awaitJson(
        "/analytics/reports/" + report.json().path("id").asText(),
        stranger,
        r -> r.path("downloadUrl").isTextual());
    awaitJson("/tasks?limit=50", stranger, page -> page.at("/items/0/status").isTextual());
  }

  /** Polls GET path until its body satisfies condition (the projections are asynchronous). */
  private static JsonNode awaitJson(String path, Account account, Predicate<JsonNode> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      Response response = api.get(path, account.token());
      last = response.json();
      if (response.status() == 200 && condition.test(last)) {
        return last;
      }
      pause();
    }
    throw new AssertionError(path + " never reached the expected state; last: " + last);
  }

  private static JsonNode awaitMetrics(String roomId, Predicate<JsonNode> condition) {
    return awaitMetrics(admin, roomId, condition);
  }

  private static JsonNode awaitMetrics(
      Account account, String roomId, Predicate<JsonNode> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      Response metrics = api.get("/rooms/" + roomId + "/metrics", account.token());
      last = metrics.json();
      if (metrics.status() == 200 && condition.test(last)) {
        return last;
      }
      pause();
    }
    throw new AssertionError("room metrics never reached the expected state; last: " + last);
  }

  /** Between two polls of the API (not a wait for the page: those are WebDriverWaits). */
  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while polling the API", e);
    }
  }
}
