package io.github.oncorefract.adapter.web;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Small self-contained HTML answers of the web pages, with the headers every page of this package sends. */
final class HtmlPages {

  /** No script, no external resource of any kind: only inline styles and data: images may load. */
  static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
      + "form-action 'none'; frame-ancestors *";

  private HtmlPages() {}

  /** An HTML page with {@code Cache-Control: no-store}, the CSP above, {@code nosniff} and no referrer. */
  static ResponseEntity<String> page(HttpStatus status, String html) {
    return ResponseEntity.status(status).headers(headers()).contentType(new MediaType(MediaType.TEXT_HTML,
        java.nio.charset.StandardCharsets.UTF_8)).body(html);
  }

  static HttpHeaders headers() {
    HttpHeaders h = new HttpHeaders();
    h.setCacheControl(CacheControl.noStore());
    h.set("Content-Security-Policy", CSP);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    return h;
  }

  /**
   * A small error page.
   *
   * @param status  HTTP status
   * @param message one sentence, plain text (escaped here); no identifiers or secrets
   */
  static ResponseEntity<String> error(HttpStatus status, String message) {
    String title = status.value() + " " + status.getReasonPhrase();
    return page(status, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + TimelineRenderer.esc(title) + "</title><style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;"
        + "color:#1d232a}h1{font-size:18px}</style></head><body><h1 id=\"error-title\">" + TimelineRenderer.esc(title)
        + "</h1><p id=\"error-message\">" + TimelineRenderer.esc(message) + "</p></body></html>\n");
  }
}
