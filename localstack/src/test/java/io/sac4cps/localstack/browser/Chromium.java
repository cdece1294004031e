package io.sac4cps.localstack.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, never a downloaded browser or
 * driver (this machine cannot download them). Missing packages fail the test in CI ({@code .ci/run}
 * installs them and sets {@code SAC4CPS_REQUIRE_BROWSER}; {@code CI} counts too) and skip it,
 * visibly, elsewhere.
 */
final class Chromium {
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chromium() {}

  static void requireInstalled() {
    if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
      return;
    }
    String message =
        "Browser tests need Debian's packages chromium and chromium-driver ("
            + BROWSER
            + ", "
            + DRIVER
            + "): apt-get install -y chromium chromium-driver";
    if (System.getenv("SAC4CPS_REQUIRE_BROWSER") != null || System.getenv("CI") != null) {
      throw new AssertionError(message + " — .ci/run installs them; CI must not skip this test");
    }
    System.err.println("SKIPPED: " + message);
    Assumptions.abort(message);
  }

  /** A fresh browser with its own empty profile, phone- or desktop-sized. */
  static ChromeDriver start(int width, int height) {
    return start(width, height, null);
  }

  /**
   * @param downloads where downloaded files go, without asking; null for the default
   */
  static ChromeDriver start(int width, int height, Path downloads) {
    Path profile;
    try {
      profile = Files.createTempDirectory("chromium-profile");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    // Without the background-networking flags Chromium tries to reach Google's hosts and fails.
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + profile,
        "--window-size=" + width + "," + height);
    if (downloads != null) {
      options.setExperimentalOption(
          "prefs",
          java.util.Map.of(
              "download.default_directory",
              downloads.toString(),
              "download.prompt_for_download",
              false,
              // A PDF is saved like any file instead of opening in the viewer.
              "plugins.always_open_pdf_externally",
              true));
    }
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .withTimeout(Duration.ofSeconds(60))
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }
}
