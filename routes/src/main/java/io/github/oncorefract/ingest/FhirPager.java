package io.github.oncorefract.ingest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one FHIR search to its end, page by page, for every reader of the adapter (patient data, candidate search,
 * research studies), and survives what real servers and proxies do to paging:
 *
 * <ul>
 *   <li>A {@code next} link outside the client's configured base (another scheme, host, port or path) is never
 *       requested as it is: with {@link ForeignNextLink#REWRITE} a link that is a page of the configured server behind
 *       another name (its path is under the configured base path, or under the base the server names in its
 *       {@code self} link) is mapped onto the configured base; anything else, and everything under
 *       {@link ForeignNextLink#REFUSE}, fails the search with {@link PagingException} before a request is sent.
 *   <li>410 Gone on a page (an expired paging link) restarts the search from its first page, at most
 *       {@link Settings#maxRestarts()} times.
 *   <li>A page without entries is asked for once more when it has a {@code next} link or {@code Bundle.total} says
 *       more exist; then its {@code next} link is followed anyway (an empty page is never taken as the end).
 *   <li>A {@code next} link seen before in the same run, or more than {@link Settings#maxPages()} pages, fails the
 *       search with {@link PagingException}.
 *   <li>Results are de-duplicated by type and id, keeping the highest {@code meta.versionId}; {@code Bundle.total} is
 *       only compared with what was read (a shortfall is logged), never used to stop paging.
 *   <li>A 400 to the first page (a parameter the server does not support) fails the search with
 *       {@link UnsupportedSearchException}: a configuration error that stops the pass.
 *   <li>The HTTP {@code Date} of the first page's response is returned as the server's clock ({@link ServerClock}).
 *   <li>Pages are parsed tolerantly ({@link TolerantParsing}): an invalid value is removed from its resource and its
 *       element path reported; the resource is kept.
 * </ul>
 *
 * Logs name the searched type only, never a URL, id or value.
 */
public final class FhirPager {

  private static final Logger log = LoggerFactory.getLogger(FhirPager.class);

  /** What to do with a {@code next} link outside the configured base ({@code adapter.fhir.paging.foreign-next-link}). */
  public enum ForeignNextLink {
    /** Map a page of the configured server behind another host name onto the configured base; refuse the rest. */
    REWRITE,
    /** Fail the search. */
    REFUSE;

    /**
     * @param value {@code rewrite} or {@code refuse}, case-insensitive
     * @throws IllegalArgumentException for anything else
     */
    public static ForeignNextLink parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("adapter.fhir.paging.foreign-next-link must be rewrite or refuse");
      }
    }
  }

  /**
   * @param maxPages        pages one run of a search may read before it fails ({@code adapter.fhir.paging.max-pages})
   * @param maxRestarts     restarts from the first page after 410 Gone ({@code adapter.fhir.paging.max-restarts})
   * @param foreignNextLink policy for {@code next} links outside the configured base
   */
  public record Settings(int maxPages, int maxRestarts, ForeignNextLink foreignNextLink) {
    public Settings {
      if (maxPages < 1 || maxRestarts < 0 || foreignNextLink == null) {
        throw new IllegalArgumentException("adapter.fhir.paging: max-pages >= 1, max-restarts >= 0 expected");
      }
    }

    /** 1000 pages, 3 restarts, rewrite. */
    public static Settings defaults() {
      return new Settings(1000, 3, ForeignNextLink.REWRITE);
    }
  }

  /**
   * One resource of a search's result.
   *
   * @param resource     the resource (invalid values removed)
   * @param droppedPaths element paths whose invalid values were removed, sorted; empty when none
   * @param included     true when the resource only came as an {@code _include}, not as a match
   */
  public record Found(Resource resource, List<String> droppedPaths, boolean included) {}

  /**
   * The result of a search run to its end.
   *
   * @param resources     distinct resources by type/id (highest version), in the order first seen
   * @param unattributed  invalid elements that could not be tied to a resource (HAPI keeps no raw text for some
   *                      types), by element name
   * @param serverTime    {@code meta.lastUpdated} of the first page answered (the server's clock), or {@code null}
   * @param requests      requests sent, including restarts and re-requests
   * @param responseDate  the HTTP {@code Date} header of the first page's response (the server's clock, UTC, whole
   *                      seconds; needs {@link ServerClock#interceptor()} on the client), or {@code null}
   */
  public record Result(List<Found> resources, List<String> unattributed, Instant serverTime, int requests,
      Instant responseDate) {

    /** The matches only (no {@code _include}d resources). */
    public List<Resource> matches() {
      return resources.stream().filter(f -> !f.included()).map(Found::resource).toList();
    }
  }

  private final Settings settings;

  /** @param settings limits and policy */
  public FhirPager(Settings settings) {
    this.settings = settings;
  }

  /** The pager with {@link Settings#defaults()}. */
  public static FhirPager defaults() {
    return new FhirPager(Settings.defaults());
  }

  /** @return the limits and policy */
  public Settings settings() {
    return settings;
  }

  /**
   * Runs a search to its end.
   *
   * @param c           the client of the configured server
   * @param type        the searched type, for logs and errors
   * @param relativeUrl the search relative to the base, e.g. {@code Condition?patient=x&_count=200}, query values
   *                    already encoded
   * @return distinct resources and counts
   * @throws PagingException as described in the class comment
   * @throws UnsupportedSearchException when the server answers the first page with 400 (a parameter it does not
   *                                    support: a configuration error)
   * @throws RuntimeException HAPI client exceptions of the first page, or of a page other than 410
   */
  public Result search(IGenericClient c, String type, String relativeUrl) {
    return search(c, type, relativeUrl, null);
  }

  /**
   * Runs a search to its end from a first page already in hand (an entry of a {@code batch} response): exactly like
   * {@link #search(IGenericClient, String, String)}, except that the first page is not requested. An empty first page
   * that announces more, and a restart after 410 Gone, request {@code relativeUrl} itself.
   *
   * @param firstPage the search's first page, parsed tolerantly (its invalid elements, if any, not yet removed), or
   *                  {@code null} to request it
   * @see #search(IGenericClient, String, String)
   */
  public Result search(IGenericClient c, String type, String relativeUrl, TolerantParsing.Parsed<Bundle> firstPage) {
    FhirContext ctx = c.getFhirContext();
    URI base = URI.create(trimSlash(c.getServerBase()));
    Map<String, Found> byKey = new LinkedHashMap<>();
    List<String> unattributed = new ArrayList<>();
    int[] requests = {0};
    Instant serverTime = null;
    Instant responseDate = null;
    for (int attempt = 0; ; attempt++) {
      try {
        Set<String> seen = new HashSet<>();
        Supplier<Bundle> current = () -> c.search().byUrl(relativeUrl).returnBundle(Bundle.class).execute();
        TolerantParsing.Parsed<Bundle> page;
        if (attempt == 0 && firstPage != null) {
          // A first page from a batch: the batch response's Date is not this search's (the cursor's time comes from
          // the candidate searches, which are never batched).
          page = firstPage;
        } else {
          ServerClock.Dated<TolerantParsing.Parsed<Bundle>> first = firstPage(current, requests, type, relativeUrl);
          if (responseDate == null) {
            responseDate = first.date();
          }
          page = first.value();
        }
        String serverBasePath = serverBasePath(page.value(), type);
        Integer total = null;
        int pages = 1;
        boolean askedAgain = false;
        while (true) {
          Bundle b = page.value();
          if (serverTime == null && b.getMeta().getLastUpdated() != null) {
            serverTime = b.getMeta().getLastUpdated().toInstant();
          }
          if (b.hasTotal()) {
            total = b.getTotal();
          }
          String next = b.getLink(Bundle.LINK_NEXT) == null ? null : b.getLink(Bundle.LINK_NEXT).getUrl();
          boolean moreCounted = total != null && matchCount(byKey) < total;
          if (b.getEntry().isEmpty() && !askedAgain && (next != null || moreCounted)) {
            // Entries may have been withheld on the way (a proxy, a server under load): never trust an empty page.
            log.warn("empty page of a {} search with more announced: asked again", type);
            askedAgain = true;
            page = load(current, requests);
            continue;
          }
          accept(ctx, page, byKey, unattributed);
          if (next == null) {
            break;
          }
          String url = guard(base, absolute(base, next), serverBasePath, type);
          if (!seen.add(url)) {
            throw new PagingException("search of " + type + " stopped: its next link repeats an earlier page");
          }
          if (++pages > settings.maxPages()) {
            throw new PagingException("search of " + type + " stopped after " + settings.maxPages()
                + " pages (adapter.fhir.paging.max-pages)");
          }
          current = () -> c.loadPage().byUrl(url).andReturnBundle(Bundle.class).execute();
          askedAgain = false;
          page = load(current, requests);
        }
        if (total != null && matchCount(byKey) < total) {
          log.warn("search of {} read {} of the {} resources its Bundle.total counted", type, matchCount(byKey), total);
        }
        return new Result(List.copyOf(byKey.values()), List.copyOf(unattributed), serverTime, requests[0],
            responseDate);
      } catch (ResourceGoneException e) {
        if (attempt >= settings.maxRestarts()) {
          throw new PagingException("search of " + type + " stopped: a page was still gone (410) after "
              + settings.maxRestarts() + " restarts (adapter.fhir.paging.max-restarts)");
        }
        log.warn("a page of a {} search is gone (410): search restarted from its first page", type);
      }
    }
  }

  /** The first page, with its response's {@code Date}; a 400 becomes {@link UnsupportedSearchException}. */
  private static ServerClock.Dated<TolerantParsing.Parsed<Bundle>> firstPage(Supplier<Bundle> call, int[] requests,
      String type, String relativeUrl) {
    try {
      return ServerClock.during(() -> load(call, requests));
    } catch (InvalidRequestException e) {
      throw new UnsupportedSearchException(type, UnsupportedSearchException.parameterNames(relativeUrl), e);
    }
  }

  private static TolerantParsing.Parsed<Bundle> load(Supplier<Bundle> call, int[] requests) {
    requests[0]++;
    return TolerantParsing.during(call);
  }

  private static long matchCount(Map<String, Found> byKey) {
    return byKey.values().stream().filter(f -> !f.included()).count();
  }

  /** Adds a page's resources, removing invalid values and keeping the highest version of each type/id. */
  private static void accept(FhirContext ctx, TolerantParsing.Parsed<Bundle> page, Map<String, Found> byKey,
      List<String> unattributed) {
    List<String> open = new ArrayList<>(page.invalidElements());
    for (Bundle.BundleEntryComponent e : page.value().getEntry()) {
      Resource r = e.getResource();
      if (r == null || !r.getIdElement().hasIdPart()) {
        continue;
      }
      List<String> dropped = page.dropInvalidOf(ctx, r);
      for (String path : dropped) {
        open.remove(path.substring(path.lastIndexOf('.') + 1));
      }
      boolean included = e.hasSearch() && e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE;
      String key = r.fhirType() + "/" + r.getIdElement().getIdPart();
      Found found = new Found(r, dropped, included);
      Found old = byKey.get(key);
      if (old == null) {
        byKey.put(key, found);
      } else {
        boolean bothIncluded = old.included() && included;
        Found keep = version(r) > version(old.resource()) ? found : old;
        byKey.put(key, new Found(keep.resource(), keep.droppedPaths(), bothIncluded));
      }
    }
    unattributed.addAll(open);
  }

  private static long version(Resource r) {
    try {
      return r.getMeta().hasVersionId() ? Long.parseLong(r.getMeta().getVersionId()) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The URL to request for a {@code next} link: itself when within the base, else mapped or refused by policy. */
  String guard(URI base, String next, String serverBasePath, String type) {
    if (SameOrigin.within(base, next)) {
      return next;
    }
    if (settings.foreignNextLink() == ForeignNextLink.REWRITE) {
      Optional<String> mapped = SameOrigin.rewrite(base, next, SameOrigin.basePath(base));
      if (mapped.isEmpty() && serverBasePath != null) {
        mapped = SameOrigin.rewrite(base, next, serverBasePath);
      }
      if (mapped.isPresent()) {
        log.warn("a {} search's next link names another origin: mapped onto the configured base "
            + "(check the server's or proxy's base URL setting)", type);
        return mapped.get();
      }
    }
    throw new PagingException("search of " + type + " stopped: its next link leaves the configured FHIR base URL"
        + " (adapter.fhir.paging.foreign-next-link=" + settings.foreignNextLink().name().toLowerCase(Locale.ROOT)
        + ")");
  }

  /** The base path the server names in the first page's {@code self} link ({@code <base>/<type>?...}), or null. */
  static String serverBasePath(Bundle first, String type) {
    Bundle.BundleLinkComponent self = first.getLink(Bundle.LINK_SELF);
    if (self == null || self.getUrl() == null) {
      return null;
    }
    try {
      String path = URI.create(self.getUrl()).getRawPath();
      if (path != null && path.endsWith("/" + type)) {
        return path.substring(0, path.length() - type.length() - 1);
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return null;
  }

  private static String absolute(URI base, String link) {
    try {
      URI u = new URI(link);
      return u.isAbsolute() ? link : URI.create(base + "/").resolve(u).toString();
    } catch (java.net.URISyntaxException e) {
      return link;
    }
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
