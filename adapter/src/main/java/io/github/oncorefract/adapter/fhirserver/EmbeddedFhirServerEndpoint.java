package io.github.oncorefract.adapter.fhirserver;

import java.util.Objects;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * The base URL of the embedded FHIR server, {@code http://localhost:<port><context-path>/fhir}. The port is the one the
 * web server actually bound (so {@code server.port=0} and tests with a random port work); it is known only once the
 * web server has started, i.e. in {@code ApplicationRunner}s and later, not while beans are being created.
 */
public final class EmbeddedFhirServerEndpoint {

  private final ApplicationContext applicationContext;

  /**
   * @param applicationContext the running application; must be a {@link WebServerApplicationContext} by the time
   *                           {@link #baseUrl()} is called
   */
  public EmbeddedFhirServerEndpoint(ApplicationContext applicationContext) {
    this.applicationContext = Objects.requireNonNull(applicationContext, "applicationContext");
  }

  /**
   * @return e.g. {@code http://localhost:8080/fhir}, no trailing slash
   * @throws IllegalStateException when the web server has not started yet (or the application is not a web one)
   */
  public String baseUrl() {
    if (!(applicationContext instanceof WebServerApplicationContext web) || web.getWebServer() == null) {
      throw new IllegalStateException("The embedded FHIR server has no web server (not a web application)");
    }
    int port = web.getWebServer().getPort();
    if (port <= 0) {
      throw new IllegalStateException("The web server has not started yet");
    }
    String contextPath = applicationContext.getEnvironment().getProperty("server.servlet.context-path", "");
    if (contextPath.endsWith("/")) {
      contextPath = contextPath.substring(0, contextPath.length() - 1);
    }
    // The host the server listens on (server.address, loopback by default); "localhost" when it listens everywhere.
    String address = applicationContext.getEnvironment().getProperty("server.address", "");
    String host = address.isBlank() || address.equals("0.0.0.0") || address.equals("::") ? "localhost"
        : address.contains(":") ? "[" + address + "]" : address;
    return "http://" + host + ":" + port + contextPath + EmbeddedFhirServerConfig.FHIR_PATH;
  }
}
