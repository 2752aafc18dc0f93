package io.github.oncorefract.adapter.auth;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import io.github.oncorefract.ingest.SameOrigin;
import java.net.URI;
import java.util.Objects;

/**
 * Refuses, before it is sent, every request of the adapter's FHIR client outside the configured base URL (another
 * scheme, host, port, or a path outside the base after resolving {@code ..}), so the bearer or SMART token never reaches
 * another origin, whatever link a server or proxy hands out. Register it first, before the authentication
 * interceptor. Redirects are not followed by the adapter's HTTP client at all (the Apache client would copy the
 * {@code Authorization} header to the new location); see {@code FhirClients}.
 */
public final class OriginGuardInterceptor implements IClientInterceptor {

  private final URI base;

  /** @param base the configured base URL, e.g. {@code https://ehr.example.org/fhir} */
  public OriginGuardInterceptor(String base) {
    this.base = URI.create(Objects.requireNonNull(base, "base"));
  }

  /** A request that would have left the configured base; nothing was sent. The message holds no URL. */
  public static class ForeignOriginException extends RuntimeException {
    ForeignOriginException() {
      super("request outside the configured FHIR base URL refused before sending (credentials stay with the "
          + "configured server)");
    }
  }

  @Override
  public void interceptRequest(IHttpRequest request) {
    if (!SameOrigin.within(base, request.getUri())) {
      throw new ForeignOriginException();
    }
  }

  @Override
  public void interceptResponse(IHttpResponse response) {
    // nothing
  }
}
