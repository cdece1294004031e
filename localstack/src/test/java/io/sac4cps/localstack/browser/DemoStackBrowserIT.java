package io.sac4cps.localstack.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.sac4cps.localstack.Launcher;
import io.sac4cps.localstack.demo.DemoOrganisation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code localstack/start --demo} as a person runs it: the launcher prints the dashboard's URL and
 * the demo login; opening that URL and signing in with that login shows the demo building, its
 * rooms full of the simulator's readings, changing without a reload.
 */
class DemoStackBrowserIT {
  private static final Pattern UP = Pattern.compile("local stack is up at (http://\\S+)");
  private static final Pattern DASHBOARD = Pattern.compile("dashboard:\\s+(http://\\S+)");
  private static final Pattern LOGIN = Pattern.compile("login:\\s+(\\S+) / (\\S+)");
  private static final List<String> METRICS =
      List.of("temperature", "co2", "humidity", "occupancy");

  @Test
  void theDemoPrintsItsUrlAndLoginAndOpensOnABuildingFullOfSimulatedReadings() throws Exception {
    Chromium.requireInstalled();
    ChromeDriver browser = null;
    try (Launcher stack = Launcher.start("--demo")) {
      // The banner ends with how to stop it: all of it has been printed then.
      stack.awaitLine("Stop with Ctrl-C", Duration.ofSeconds(300));
      String banner = stack.console();
      System.out.println(banner);
      assertThat(banner).contains("demo organisation created; /health is UP");
      String url = group(UP, banner, 1);
      assertThat(group(DASHBOARD, banner, 1)).isEqualTo(url + "/");
      String email = group(LOGIN, banner, 1);
      String password = group(LOGIN, banner, 2);
      assertThat(email).isEqualTo(DemoOrganisation.EMAIL);
      assertThat(password).isEqualTo(DemoOrganisation.PASSWORD);

      // What the banner says, typed into the page it names.
      browser = Chromium.start(1280, 900);
      browser.get(group(DASHBOARD, banner, 1));
      new WebDriverWait(browser, Duration.ofSeconds(30))
          .ignoring(StaleElementReferenceException.class)
          .until(d -> d.findElement(By.id("email")))
          .sendKeys(email);
      browser.findElement(By.id("password")).sendKeys(password);
      browser.findElement(By.cssSelector("form button[type=submit]")).click();

      // The building with its three rooms, every tile showing all four of its sensors' values.
      Function<ChromeDriver, Map<String, String>> shown =
          d ->
              d.findElements(By.cssSelector(".tile")).stream()
                  .collect(
                      Collectors.toMap(
                          t -> t.findElement(By.tagName("h3")).getText(),
                          t ->
                              METRICS.stream()
                                  .map(
                                      m ->
                                          t.findElement(By.cssSelector("[data-metric=" + m + "]"))
                                              .getText())
                                  .collect(Collectors.joining(" | "))));
      Map<String, String> first =
          new WebDriverWait(browser, Duration.ofSeconds(60))
              .ignoring(StaleElementReferenceException.class)
              .until(
                  d -> {
                    Map<String, String> tiles = shown.apply((ChromeDriver) d);
                    return tiles.size() == 3
                            && tiles.values().stream().noneMatch(v -> v.contains("–"))
                        ? tiles
                        : null;
                  });
      assertThat(browser.findElements(By.cssSelector(".building h2")))
          .extracting(WebElement::getText)
          .containsExactly("HQ");
      assertThat(first.keySet())
          .containsExactlyInAnyOrder("Meeting room Ada", "Open office Turing", "Lab Hopper");
      first.values().forEach(v -> assertThat(v).contains("ppm").contains("/"));

      // The simulator keeps posting (every 5 s): the open page follows, without a reload.
      browser.executeScript("window.notReloaded = true;");
      new WebDriverWait(browser, Duration.ofSeconds(30))
          .ignoring(StaleElementReferenceException.class)
          .until(d -> !shown.apply((ChromeDriver) d).equals(first));
      assertThat(browser.executeScript("return window.notReloaded === true;")).isEqualTo(true);

      Files.createDirectories(Path.of("target", "browser"));
      Files.write(
          Path.of("target", "browser", "demo-overview.png"),
          browser.getScreenshotAs(OutputType.BYTES));
      List<String> errors =
          browser.manage().logs().get(LogType.BROWSER).getAll().stream()
              .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
              .map(LogEntry::getMessage)
              .toList();
      assertThat(errors).as("console errors").isEmpty();
    } finally {
      // Closing the launcher (SIGTERM) stops the simulator and the stack, its PostgreSQL too.
      if (browser != null) {
        browser.quit();
      }
    }
  }

  private static String group(Pattern pattern, String text, int group) {
    Matcher matcher = pattern.matcher(text);
    assertThat(matcher.find()).as("%s in the console:%n%s", pattern, text).isTrue();
    return matcher.group(group);
  }
}
