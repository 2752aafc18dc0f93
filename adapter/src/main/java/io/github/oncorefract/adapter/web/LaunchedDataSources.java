package io.github.oncorefract.adapter.web;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.AdditionalRequestHeadersInterceptor;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import io.github.oncorefract.ingest.FhirSearchPatientDataSource;
import io.github.oncorefract.ingest.PatientDataSource;
import io.github.oncorefract.ingest.TolerantParsing;

/**
 * The data source of a launched timeline: the same paged searches as a pass ({@link FhirSearchPatientDataSource}),
 * sent to the launch's {@code iss} with its access token as {@code Authorization: Bearer} (HAPI client of the
 * application's one {@link FhirContext}; requests, bodies and tokens are never logged).
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

  /** A data source reading from the launch's FHIR server with its token. */
  PatientDataSource forLaunch(SmartSession.LaunchContext launch) {
    // Same tolerant parsing as the adapter's own client: an invalid value quarantines its resource, nothing is logged.
    ctx.setParserErrorHandler(TolerantParsing.errorHandler());
    ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    IGenericClient client = ctx.newRestfulGenericClient(launch.iss());
    client.registerInterceptor(new BearerTokenAuthInterceptor(launch.accessToken()));
    AdditionalRequestHeadersInterceptor headers = new AdditionalRequestHeadersInterceptor();
    headers.addHeaderValue("Cache-Control", "no-cache");
    client.registerInterceptor(headers);
    return new FhirSearchPatientDataSource(() -> client, pageSize);
  }
}
