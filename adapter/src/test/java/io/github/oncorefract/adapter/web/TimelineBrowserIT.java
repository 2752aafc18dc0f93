package io.github.oncorefract.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.routing.AssessmentPipeline;
import io.github.oncorefract.routing.PatientWork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The timeline page in a real browser: headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * which {@code .ci/run} installs when missing) driven by Selenium, at 1366x768, on a demo patient with at least three
 * lines and a progression. Saves a screenshot to {@code target/timeline.png} (the README's {@code docs/timeline.png}
 * is a copy).
 *
 * <p>Without the browser the test FAILS, saying what to install; {@code -Dbrowser.tests=false} skips it on a machine
 * without one. {@code -Dbrowser.chromium=...} and {@code -Dbrowser.chromedriver=...} name other binaries.
 */
@EmbeddedFhirServerTest
class TimelineBrowserIT {

  private static WebDriver driver;

  @Autowired AssessmentPipeline pipeline;
  @LocalServerPort int port;

  @BeforeAll
  static void startBrowser() {
    driver = HeadlessChromium.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void showsLanesLineBandsProgressionAndStatusAt1366x768() throws Exception {
    PatientWork w = DemoTimelinePatient.withLinesAndProgression(pipeline, 3);
    CancerAssessment cancer = w.assessment().cancers().stream().filter(c -> c.lines().size() >= 3).findFirst()
        .orElseThrow();

    driver.get("http://127.0.0.1:" + port + "/patients/" + w.patientId() + "/timeline");

    assertThat(driver.getTitle()).contains("Patient/" + w.patientId());
    // one lane per ingredient: every ingredient of every line has its lane
    List<WebElement> lanes = driver.findElements(By.cssSelector("svg#timeline g.lane"));
    Set<String> laneNames = new TreeSet<>(lanes.stream().map(l -> l.getAttribute("data-ingredient")).toList());
    Set<String> regimens = new TreeSet<>(cancer.lines().stream().flatMap(l -> l.regimen().stream()).toList());
    assertThat(lanes).isNotEmpty().allMatch(WebElement::isDisplayed);
    assertThat(laneNames).containsAll(regimens);
    // the line bands with their numbers 1, 2, 3 written on them
    String condition = cancer.cancer().ref().value();
    List<WebElement> bands = driver.findElements(
        By.cssSelector("g.line-row[data-condition='" + condition + "'] g.line-band"));
    assertThat(bands).hasSize(cancer.lines().size());
    for (LineOfTherapy l : cancer.lines().subList(0, 3)) {
      WebElement band = bands.stream().filter(b -> b.getAttribute("data-line-number").equals(
          String.valueOf(l.number()))).findFirst().orElseThrow();
      assertThat(band.isDisplayed()).isTrue();
      assertThat(band.findElement(By.cssSelector("text.line-number")).getText()).contains(String.valueOf(l.number()));
      assertThat(band.getAttribute("data-setting")).isEqualTo(l.setting().name().toLowerCase());
    }
    // a progression marker, drawn red
    List<WebElement> progression = driver.findElements(By.cssSelector("g.marker.progression"));
    assertThat(progression).isNotEmpty();
    assertThat(progression.get(0).findElement(By.tagName("path")).getCssValue("fill"))
        .isEqualTo("rgb(214, 40, 40)");
    // the status box
    WebElement box = driver.findElement(By.id("status-box"));
    assertThat(box.isDisplayed()).isTrue();
    WebElement cancerBox = box.findElement(By.cssSelector(".assessment-box[data-condition='" + condition + "']"));
    assertThat(cancerBox.getAttribute("data-status")).isEqualTo(cancer.status().code());
    assertThat(cancerBox.getText()).containsIgnoringCase(cancer.status().code().replace('-', ' '))
        .contains(cancer.ruleSetId()).contains(cancer.ruleSetVersion());
    // readable at 1366x768: nothing wider than the window, and the chart fits its width
    JavascriptExecutor js = (JavascriptExecutor) driver;
    long scrollWidth = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
    long innerWidth = ((Number) js.executeScript("return window.innerWidth")).longValue();
    assertThat(scrollWidth).isLessThanOrEqualTo(innerWidth);

    Path shot = Path.of("target", "timeline.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    assertThat(Files.size(shot)).isGreaterThan(10_000);
  }
}
