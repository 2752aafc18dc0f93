package io.github.oncorefract.adapter.web;

import io.github.oncorefract.adapter.config.FhirClientConfiguration;
import io.github.oncorefract.adapter.config.FhirServerProperties;
import io.github.oncorefract.adapter.config.SmartProperties;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * SMART App Launch, EHR launch (HL7 SMART App Launch 2.2.0), of the timeline page; on only with
 * {@code adapter.smart.enabled=true} (otherwise both endpoints answer 404).
 *
 * <ul>
 *   <li>{@code GET /smart/launch?launch=...&iss=...}: {@code iss} must be an allowed issuer
 *       ({@code adapter.smart.allowed-issuers}, default the adapter's own FHIR server; else 403); the endpoints are
 *       read from {@code {iss}/.well-known/smart-configuration} (502 when that fails); the browser is redirected (302)
 *       to the authorization endpoint with {@code response_type=code}, {@code client_id}, {@code redirect_uri},
 *       {@code launch}, {@code scope}, a random {@code state} bound to the HTTP session, {@code aud}={@code iss} and a
 *       PKCE S256 {@code code_challenge}.</li>
 *   <li>{@code GET /smart/callback?code=...&state=...}: the state must be the session's pending one (else 400); the
 *       pending launch of that state is spent by the first callback, whatever its outcome (several launches may be
 *       pending at once, one per EHR window); the code is exchanged (public client with PKCE, or confidential with
 *       {@code ADAPTER_SMART_CLIENT_SECRET} as HTTP Basic); the session id is renewed, the launch context
 *       ({@code iss}, {@code patient}, access token, expiry) kept server-side in the session, and the browser
 *       redirected (302) to {@code /patients/{patient}/timeline}. An {@code error} from the authorization server
 *       answers 400 with its OAuth error code; a token response without a valid {@code patient} 502.</li>
 * </ul>
 * Tokens, codes and patient ids are never logged.
 */
@RestController
public class SmartLaunchController {

  private static final Logger log = LoggerFactory.getLogger(SmartLaunchController.class);

  private final SmartProperties smart;
  private final SmartAuthorizationClient oauth;
  private final FhirServerProperties fhir;
  private final ObjectProvider<EmbeddedFhirServerEndpoint> embedded;
  private final Clock clock;

  public SmartLaunchController(SmartProperties smart, SmartAuthorizationClient oauth, FhirServerProperties fhir,
      ObjectProvider<EmbeddedFhirServerEndpoint> embedded, Clock clock) {
    this.smart = smart;
    this.oauth = oauth;
    this.fhir = fhir;
    this.embedded = embedded;
    this.clock = clock;
  }

  @GetMapping("/smart/launch")
  public ResponseEntity<String> launch(@RequestParam("launch") String launch, @RequestParam("iss") String iss,
      HttpServletRequest request) {
    requireEnabled();
    String issuer = normalise(iss);
    if (issuer == null || !allowedIssuers().contains(issuer)) {
      log.warn("SMART launch refused: iss is not an allowed issuer");
      throw new WebErrors.PageException(HttpStatus.FORBIDDEN,
          "The launching FHIR server (iss) is not an allowed issuer of this adapter (adapter.smart.allowed-issuers).");
    }
    if (launch.isBlank() || launch.length() > 4096) {
      throw new WebErrors.PageException(HttpStatus.BAD_REQUEST, "Parameter 'launch' is empty or too long");
    }
    SmartAuthorizationClient.Endpoints endpoints = oauth.discover(issuer);
    String redirectUri = smart.redirectUri() != null ? smart.redirectUri().toString()
        : ServletUriComponentsBuilder.fromContextPath(request).path("/smart/callback").build().toUriString();
    String state = SmartAuthorizationClient.randomToken();
    String verifier = SmartAuthorizationClient.randomToken();
    HttpSession session = request.getSession(true);
    SmartSession.addPending(session,
        new SmartSession.PendingLaunch(state, verifier, issuer, endpoints.tokenEndpoint(), redirectUri));
    URI target = SmartAuthorizationClient.authorizeUrl(endpoints, smart.clientId(), redirectUri, launch,
        smart.scope(), state, issuer, SmartAuthorizationClient.s256(verifier));
    return ResponseEntity.status(HttpStatus.FOUND).headers(HtmlPages.headers()).location(target).build();
  }

  @GetMapping("/smart/callback")
  public ResponseEntity<String> callback(@RequestParam(name = "code", required = false) String code,
      @RequestParam(name = "state", required = false) String state,
      @RequestParam(name = "error", required = false) String error, HttpServletRequest request) {
    requireEnabled();
    // one attempt per launch, whatever its outcome: the state is spent by its first callback
    SmartSession.PendingLaunch pending = SmartSession.takePending(request.getSession(false), state);
    if (pending == null) {
      log.warn("SMART callback refused: state does not match a launch of this session");
      throw new WebErrors.PageException(HttpStatus.BAD_REQUEST,
          "The state does not match a launch of this browser session: open the page from the EHR again.");
    }
    if (error != null) {
      String shown = error.matches("[a-z_]{1,40}") ? error : "unknown";
      throw new WebErrors.PageException(HttpStatus.BAD_REQUEST,
          "The EHR's authorization server refused the launch (" + shown + ").");
    }
    if (code == null || code.isBlank()) {
      throw new WebErrors.PageException(HttpStatus.BAD_REQUEST, "Parameter 'code' is required");
    }
    SmartAuthorizationClient.TokenResponse token = oauth.exchange(pending.tokenEndpoint(), code,
        pending.redirectUri(), pending.codeVerifier(), smart.clientId(),
        smart.confidential() ? smart.clientSecret() : null);
    String patient = token.patient();
    if (patient == null || !TimelineController.FHIR_ID.matcher(patient).matches()) {
      throw new SmartAuthorizationClient.SmartLaunchException("The token response has no valid patient context");
    }
    request.changeSessionId();
    SmartSession.addLaunched(request.getSession(), new SmartSession.LaunchContext(pending.iss(), patient,
        token.accessToken(), clock.instant().plusSeconds(Math.max(0, token.expiresInSeconds()))));
    log.info("SMART launch completed");
    return ResponseEntity.status(HttpStatus.FOUND).headers(HtmlPages.headers())
        .location(URI.create(request.getContextPath() + TimelineController.path(patient))).build();
  }

  private void requireEnabled() {
    if (!smart.enabled()) {
      throw new WebErrors.PageException(HttpStatus.NOT_FOUND,
          "SMART App Launch is not enabled on this adapter (adapter.smart.enabled=false).");
    }
  }

  /** The configured issuers, or the adapter's own FHIR base URL; normalised. */
  List<String> allowedIssuers() {
    if (!smart.allowedIssuers().isEmpty()) {
      return smart.allowedIssuers().stream().map(u -> normalise(u.toString())).filter(s -> s != null).toList();
    }
    String own = fhir.embedded() ? embedded.getObject().baseUrl() : FhirClientConfiguration.externalBaseUrl(fhir);
    String n = normalise(own);
    return n == null ? List.of() : List.of(n);
  }

  /**
   * An absolute http(s) URL without user info, query or fragment, with lower-case scheme and host and no trailing
   * slash; {@code null} when the value is not such a URL.
   */
  static String normalise(String url) {
    if (url == null) {
      return null;
    }
    try {
      URI u = new URI(url.trim());
      String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
      if (!("http".equals(scheme) || "https".equals(scheme)) || u.getHost() == null || u.getRawUserInfo() != null
          || u.getRawQuery() != null || u.getRawFragment() != null) {
        return null;
      }
      String path = u.getRawPath() == null ? "" : u.getRawPath();
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (u.getPort() >= 0 ? ":" + u.getPort() : "")
          + path;
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
