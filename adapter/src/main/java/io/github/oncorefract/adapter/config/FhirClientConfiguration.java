package io.github.oncorefract.adapter.config;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.github.oncorefract.ingest.TolerantParsing;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.AdditionalRequestHeadersInterceptor;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import io.github.oncorefract.adapter.fhirserver.ExternalFhirServerCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerEndpoint;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The one configured HAPI client of the FHIR server, bean {@code fhirClient}, shared by the adapter's beans and by
 * camel-fhir ({@code client=#fhirClient}).
 *
 * <p>Lazy: with the embedded server its base URL is {@code http://localhost:<local.server.port>/fhir}, known only once
 * the web server has started. The client sends {@code Cache-Control: no-cache} so searches right after writes are not
 * answered from a server-side cache, a bearer token when {@code adapter.fhir.bearer-token} is set, and never logs
 * requests or bodies.
 */
@Configuration(proxyBeanMethods = false)
public class FhirClientConfiguration {

  /** The base URL of the external server (no trailing slash); only meaningful when one is configured. */
  public static String externalBaseUrl(FhirServerProperties props) {
    String u = props.baseUrl().toString();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  /**
   * The application's one FhirContext when the server is external. With the embedded server, HAPI's JPA
   * configuration defines it ({@code primaryFhirContext}) and this bean is absent, so there is exactly one either way.
   */
  @Bean
  @Conditional(ExternalFhirServerCondition.class)
  FhirContext fhirContext() {
    return FhirContext.forR4();
  }

  @Bean
  @Lazy
  IGenericClient fhirClient(FhirContext ctx, FhirServerProperties props,
      ObjectProvider<EmbeddedFhirServerEndpoint> embedded) {
    // The default lenient handler logs invalid values (which may be PHI) at WARN: same behaviour, no logging; inside
    // the patient reader's tolerant scope an invalid value quarantines its resource instead of failing the read.
    ctx.setParserErrorHandler(TolerantParsing.errorHandler());
    IRestfulClientFactory factory = ctx.getRestfulClientFactory();
    factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
    factory.setConnectTimeout((int) props.connectTimeout().toMillis());
    factory.setSocketTimeout((int) props.readTimeout().toMillis());
    IGenericClient client = ctx.newRestfulGenericClient(
        props.embedded() ? embedded.getObject().baseUrl() : externalBaseUrl(props));
    AdditionalRequestHeadersInterceptor headers = new AdditionalRequestHeadersInterceptor();
    headers.addHeaderValue("Cache-Control", "no-cache");
    client.registerInterceptor(headers);
    if (props.bearerToken() != null && !props.bearerToken().isBlank()) {
      client.registerInterceptor(new BearerTokenAuthInterceptor(props.bearerToken()));
    }
    return client;
  }
}
