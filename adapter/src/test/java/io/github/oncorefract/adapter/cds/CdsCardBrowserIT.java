package io.github.oncorefract.adapter.cds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import io.github.oncorefract.adapter.web.HeadlessChromium;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.HtmlUtils;

/**
 * A patient-view card as a clinician sees it: the service is called the way an EHR calls it (signed JWT, no prefetch,
 * so the data is fetched from the server), and the card is drawn the way EHRs draw CDS Hooks cards (summary with the
 * indicator, source, the Markdown detail rendered with CommonMark and GFM tables, one button per suggestion, links,
 * override reasons) in headless Chromium. Checks what the clinician reads (the line table, the reasons, the button) and
 * saves {@code target/cds-card.png}; the README's {@code docs/cds-card.png} is a copy.
 */
@EmbeddedFhirServerTest
class CdsCardBrowserIT {

  /** The demo patient with four advanced lines of colorectal cancer, each ending in progression. */
  static final String PATIENT = "demo-0002";

  private static WebDriver driver;

  @Autowired TestRestTemplate http;
  @LocalServerPort int port;
  final ObjectMapper json = new ObjectMapper();

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
  void aLikelyRefractoryCardRendersItsLinesReasonsAndSuggestion() throws Exception {
    String service = CdsServiceCatalogue.PATIENT_VIEW;
    ObjectNode request = json.createObjectNode().put("hookInstance", java.util.UUID.randomUUID().toString())
        .put("hook", "patient-view");
    request.putObject("context").put("userId", "Practitioner/cds-it").put("patientId", PATIENT);
    HttpHeaders h = new HttpHeaders();
    h.setContentType(MediaType.APPLICATION_JSON);
    h.setBearerAuth(CdsTokens.testEhr().token("http://localhost:" + port + "/cds-services/" + service));
    ResponseEntity<String> r = http.postForEntity("/cds-services/" + service,
        new HttpEntity<>(request.toString(), h), String.class);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
    JsonNode card = json.readTree(r.getBody()).get("cards").get(0);
    assertThat(card.get("indicator").asText()).isEqualTo("warning");

    Path page = Path.of("target", "cds-card.html").toAbsolutePath();
    Files.createDirectories(page.getParent());
    Files.writeString(page, ehrCard(card), StandardCharsets.UTF_8);
    // taller than the timeline's 1366x768, so that the whole card (buttons, links, override reasons) is on the image
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 900));
    driver.get(page.toUri().toString());

    assertThat(driver.findElement(By.cssSelector(".card .summary")).getText()).isEqualTo(card.get("summary").asText());
    List<WebElement> lineRows = driver.findElements(By.cssSelector(".detail table tbody tr"));
    assertThat(lineRows).as("one table row per line of therapy").hasSizeGreaterThanOrEqualTo(3);
    assertThat(lineRows.get(0).getText()).contains("progression");
    assertThat(driver.findElement(By.cssSelector(".detail")).getText()).contains("Reasons").contains("evidence");
    List<WebElement> buttons = driver.findElements(By.cssSelector(".suggestion"));
    // a shared context may already hold this patient's output (a writing pass ran before): then nothing is offered
    assertThat(buttons).hasSize(card.path("suggestions").size());
    buttons.forEach(b -> assertThat(b.isDisplayed()).isTrue());

    Path shot = Path.of("target", "cds-card.png");
    Files.write(shot, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    assertThat(Files.size(shot)).isGreaterThan(10_000);
  }

  /** An EHR-style rendering of one card (what CDS Hooks clients such as the CDS Hooks sandbox draw). */
  static String ehrCard(JsonNode card) {
    Parser parser = Parser.builder().extensions(List.of(TablesExtension.create())).build();
    HtmlRenderer md = HtmlRenderer.builder().extensions(List.of(TablesExtension.create())).escapeHtml(true).build();
    StringBuilder b = new StringBuilder("""
        <!doctype html><html><head><meta charset="utf-8"><title>CDS Hooks card</title><style>
        body{font:14px/1.4 system-ui,sans-serif;background:#eef1f5;margin:16px}
        .card{background:#fff;border-left:6px solid #e8a317;border-radius:4px;padding:12px 16px;max-width:1300px;
          box-shadow:0 1px 3px #0003}
        .card.info{border-left-color:#2b6cb0}.summary{font-weight:600;font-size:16px}
        .source{color:#555;font-size:12px;margin:2px 0 8px}.detail table{border-collapse:collapse;margin:6px 0}
        .detail td,.detail th{border:1px solid #ccd;padding:2px 8px;text-align:left}.detail p{margin:4px 0}
        .detail ul{margin:4px 0}.suggestion{background:#2b6cb0;color:#fff;border:0;border-radius:3px;padding:6px 10px;
          margin:6px 6px 0 0}.links a{margin-right:12px}select{margin-top:6px}
        </style></head><body>
        """);
    String indicator = card.get("indicator").asText();
    b.append("<div class=\"card ").append(HtmlUtils.htmlEscape(indicator)).append("\">")
        .append("<div class=\"summary\">").append(HtmlUtils.htmlEscape(card.get("summary").asText())).append("</div>")
        .append("<div class=\"source\">Source: ").append(HtmlUtils.htmlEscape(card.get("source").get("label").asText()))
        .append(" · indicator ").append(HtmlUtils.htmlEscape(indicator)).append("</div>")
        .append("<div class=\"detail\">").append(md.render(parser.parse(card.path("detail").asText())))
        .append("</div><div>");
    card.path("suggestions").forEach(s -> b.append("<button class=\"suggestion\">")
        .append(HtmlUtils.htmlEscape(s.get("label").asText())).append("</button>"));
    b.append("</div><div class=\"links\">");
    card.path("links").forEach(l -> b.append("<a href=\"#\">").append(HtmlUtils.htmlEscape(l.get("label").asText()))
        .append("</a>"));
    b.append("</div><select><option>Dismiss with a reason…</option>");
    card.path("overrideReasons").forEach(o -> b.append("<option>")
        .append(HtmlUtils.htmlEscape(o.get("display").asText())).append("</option>"));
    return b.append("</select></div></body></html>").toString();
  }
}
