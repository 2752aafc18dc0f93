package io.github.oncorefract.adapter.web;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the browser tests: Debian's {@code chromium} and {@code chromium-driver} (which {@code .ci/run}
 * installs when missing) driven by Selenium, at 1366x768.
 *
 * <p>Without the browser a test FAILS, saying what to install; {@code -Dbrowser.tests=false} skips it on a machine
 * without one. {@code -Dbrowser.chromium=...} and {@code -Dbrowser.chromedriver=...} name other binaries.
 */
public final class HeadlessChromium {

  private HeadlessChromium() {
  }

  /**
   * Starts a headless browser (window 1366x768, device scale 1); the caller quits it.
   *
   * @throws org.opentest4j.TestAbortedException with {@code -Dbrowser.tests=false}
   * @throws AssertionError when chromium or chromedriver cannot be found
   */
  public static WebDriver start() {
    Assumptions.assumeFalse("false".equalsIgnoreCase(System.getProperty("browser.tests")),
        "browser tests switched off with -Dbrowser.tests=false");
    String chromium = binary("browser.chromium", "chromium", "chromium-browser", "google-chrome");
    String chromedriver = binary("browser.chromedriver", "chromedriver");
    if (chromium == null || chromedriver == null) {
      fail("Headless Chromium is needed for this test but " + (chromium == null ? "chromium" : "chromedriver")
          + " was not found: install the Debian packages chromium and chromium-driver (.ci/run does), or pass "
          + "-Dbrowser.chromium=/path and -Dbrowser.chromedriver=/path, or skip browser tests with "
          + "-Dbrowser.tests=false.");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1366,768", "--hide-scrollbars", "--force-device-scale-factor=1");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
    WebDriver driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(1366, 768));
    return driver;
  }

  /** The binary a system property names, else the first of these names on the PATH or in /usr/bin; or null. */
  private static String binary(String property, String... names) {
    String configured = System.getProperty(property);
    if (configured != null && !configured.isBlank()) {
      return Files.isExecutable(Path.of(configured)) ? configured : null;
    }
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
    for (String name : names) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isBlank() && Files.isExecutable(Path.of(dir, name))) {
          return Path.of(dir, name).toString();
        }
      }
    }
    return null;
  }
}
