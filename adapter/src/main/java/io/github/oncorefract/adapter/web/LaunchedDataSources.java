package io.github.oncorefract.adapter.web;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.apache.ApacheHttpRequest;
import io.github.oncorefract.ingest.FhirSearchPatientDataSource;
import io.github.oncorefract.ingest.PatientDataSource;
import io.github.oncorefract.ingest.SameOrigin;
import io.github.oncorefract.ingest.TolerantParsing;
import java.net.URI;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.HttpRequestBase;

/**
 * The data source of a launched timeline: the same paged searches as a pass ({@link FhirSearchPatientDataSource}),
 * sent to the launch's {@code iss} with its access token as {@code Authorization: Bearer} (HAPI client of the
 * application's one {@link FhirContext}; requests, bodies and tokens are never logged).
 *
 * <p>The token goes to {@code iss} only: a request outside {@code iss} (a search's {@code next} link naming another
 * host, e.g. a proxy's internal name) is refused with {@link ForeignUrlException} before it is sent, and redirects
 * are not followed (the HTTP client would copy the {@code Authorization} header to the new host); either makes the
 * page answer 502.
 */
public class LaunchedDataSources {

  private final FhirContext ctx;
  private final int pageSize;

  /**
   * @param ctx      the application's FhirContext
   * @param pageSize {@code _count} of each search ({@code adapter.fhir.page-size})
   */
  public LaunchedDataSources(FhirContext ctx, int pageSize) {
    this.ctx = ctx;
    this.pageSize = pageSize;
  }

  /** A request of a launched read that would have carried the launch's token outside its {@code iss}. */
  public static class ForeignUrlException extends RuntimeException {
    ForeignUrlException() {
      super("The EHR's FHIR server linked outside its base URL (iss): not followed with the launch's token");
    }
  }

  /** A data source reading from the launch's FHIR server with its token. */
  PatientDataSource forLaunch(SmartSession.LaunchContext launch) {
    // Same tolerant parsing as the adapter's own client: an invalid value quarantines its resource, nothing is logged.
    ctx.setParserErrorHandler(TolerantParsing.errorHandler());
    ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    IGenericClient client = ctx.newRestfulGenericClient(launch.iss());
    client.registerInterceptor(
        new IssuerOnlyBearer(launch.iss(), launch.accessToken(), ctx.getRestfulClientFactory()));
    return new FhirSearchPatientDataSource(() -> client, pageSize);
  }

  /**
   * Adds the bearer token and {@code Cache-Control: no-cache} to requests under {@code iss} and turns off redirects for
   * them (HAPI sends every request through the context's one client factory, so this is done per request, keeping the
   * factory's timeouts); refuses any other request.
   */
  static final class IssuerOnlyBearer implements IClientInterceptor {
    private final URI base;
    private final String token;
    private final IRestfulClientFactory factory;

    IssuerOnlyBearer(String iss, String token, IRestfulClientFactory factory) {
      this.base = URI.create(iss);
      this.token = token;
      this.factory = factory;
    }

    @Override
    public void interceptRequest(IHttpRequest request) {
      if (!within(base, request.getUri())) {
        throw new ForeignUrlException();
      }
      if (request instanceof ApacheHttpRequest apache) {
        HttpRequestBase r = apache.getApacheRequest();
        RequestConfig.Builder config = r.getConfig() != null ? RequestConfig.copy(r.getConfig())
            : RequestConfig.custom().setConnectTimeout(factory.getConnectTimeout())
                .setSocketTimeout(factory.getSocketTimeout())
                .setConnectionRequestTimeout(factory.getConnectionRequestTimeout());
        r.setConfig(config.setRedirectsEnabled(false).build());
      }
      request.addHeader("Authorization", "Bearer " + token);
      request.addHeader("Cache-Control", "no-cache");
    }

    @Override
    public void interceptResponse(IHttpResponse response) {
      // nothing
    }
  }

  /** True when {@code url} is {@code base} or below it ({@link SameOrigin#within}, shared with the adapter's client). */
  static boolean within(URI base, String url) {
    return SameOrigin.within(base, url);
  }
}
