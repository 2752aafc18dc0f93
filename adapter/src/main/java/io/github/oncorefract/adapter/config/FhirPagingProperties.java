package io.github.oncorefract.adapter.config;

import io.github.oncorefract.ingest.FhirPager;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.fhir.paging.*}: how every paged search is run to its end ({@link FhirPager}).
 *
 * @param maxPages        pages one search may read before it fails with a clear error (a runaway or looping server)
 * @param maxRestarts     restarts of a search from its first page after a page answered 410 Gone (expired link)
 * @param foreignNextLink a {@code next} link outside {@code adapter.fhir.base-url}: {@code rewrite} maps a page of the
 *                        configured server behind another host name onto the base (anything else is refused);
 *                        {@code refuse} fails the search. Credentials are never sent outside the base either way.
 */
@ConfigurationProperties("adapter.fhir.paging")
public record FhirPagingProperties(
    @DefaultValue("1000") int maxPages,
    @DefaultValue("3") int maxRestarts,
    @DefaultValue("rewrite") FhirPager.ForeignNextLink foreignNextLink) {

  /** The pager these settings describe. */
  public FhirPager pager() {
    return new FhirPager(new FhirPager.Settings(maxPages, maxRestarts, foreignNextLink));
  }
}
