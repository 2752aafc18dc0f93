package io.github.oncorefract.adapter.web;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oncorefract.adapter.config.FhirServerProperties;
import io.github.oncorefract.adapter.config.RulesProperties;
import io.github.oncorefract.adapter.config.SmartProperties;
import java.net.http.HttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Beans of the web pages: the timeline renderer with the engine's own parameters ({@code adapter.rules.*}), the SMART
 * authorization client and the launched data sources.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

  @Bean
  TimelineRenderer timelineRenderer(RulesProperties rules) {
    return new TimelineRenderer(rules.toAssessmentParameters());
  }

  @Bean
  SmartAuthorizationClient smartAuthorizationClient(SmartProperties smart, ObjectMapper json) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(smart.timeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    return new SmartAuthorizationClient(http, json, smart.timeout());
  }

  @Bean
  LaunchedDataSources launchedDataSources(FhirContext ctx, FhirServerProperties fhir) {
    return new LaunchedDataSources(ctx, fhir.pageSize());
  }
}
