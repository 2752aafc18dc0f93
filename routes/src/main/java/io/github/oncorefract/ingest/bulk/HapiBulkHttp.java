package io.github.oncorefract.ingest.bulk;

import ca.uhn.fhir.interceptor.api.HookParams;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IHttpClient;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import ca.uhn.fhir.rest.client.api.IRestfulClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link BulkHttp} over the adapter's configured HAPI client: requests go through the same HTTP client factory as every
 * FHIR request (connection pool, per-request retries with {@code Retry-After}, circuit breaker, request meter, no
 * redirects), and an authenticated request runs the client's own request interceptors (the origin guard first, then the
 * bearer or SMART token), so the token is added exactly as for a search and never leaves the configured base. An
 * unauthenticated request (an output file the manifest says needs no token) runs none of them and carries no
 * credentials. Thread-safe.
 */
public final class HapiBulkHttp implements BulkHttp {

  private final Supplier<IGenericClient> client;

  /** @param client the adapter's configured client (supplied lazily) */
  public HapiBulkHttp(Supplier<IGenericClient> client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public String baseUrl() {
    String b = client.get().getServerBase();
    return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
  }

  @Override
  public Response send(String method, String url, Map<String, String> headers, boolean authenticated)
      throws IOException {
    IGenericClient c = client.get();
    RequestTypeEnum type = RequestTypeEnum.valueOf(method.toUpperCase(Locale.ROOT));
    IHttpClient http = c.getFhirContext().getRestfulClientFactory()
        .getHttpClient(new StringBuilder(url), null, null, type, List.of());
    IHttpRequest request = http.createGetRequest(c.getFhirContext(), null);
    headers.forEach((name, value) -> {
      request.removeHeaders(name);
      request.addHeader(name, value);
    });
    if (authenticated) {
      HookParams params = new HookParams();
      params.add(IHttpRequest.class, request);
      params.add(IRestfulClient.class, c);
      c.getInterceptorService().callHooks(Pointcut.CLIENT_REQUEST, params);
    }
    IHttpResponse response = request.execute();
    return new Response() {
      @Override
      public int status() {
        return response.getStatus();
      }

      @Override
      public String header(String name) {
        for (Map.Entry<String, List<String>> e : response.getAllHeaders().entrySet()) {
          if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
            return e.getValue().get(0);
          }
        }
        return null;
      }

      @Override
      public InputStream body() throws IOException {
        InputStream in = response.readEntity();
        return in == null ? InputStream.nullInputStream() : in;
      }

      @Override
      public void close() {
        response.close();
      }
    };
  }
}
