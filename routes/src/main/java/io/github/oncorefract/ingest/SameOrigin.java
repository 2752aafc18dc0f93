package io.github.oncorefract.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a URL lies within a configured FHIR base URL, and how a paging link of the same server that names another
 * origin (a proxy's internal host name) is mapped back onto the configured base. Credentials are only ever sent to
 * URLs {@link #within} the configured base; the adapter's client and a SMART launch's client both check this before a
 * request is sent.
 */
public final class SameOrigin {

  private SameOrigin() {}

  /**
   * True when {@code url} is {@code base} or below it: same scheme, host and port (default ports made explicit), no
   * user info, and a path (after removing {@code .} and {@code ..} segments) equal to base's path or under it. A path
   * holding an encoded dot or slash ({@code %2e}, {@code %2f}) is never within, since a server may decode it into a
   * {@code ..} segment.
   *
   * @param base the configured base, e.g. {@code https://ehr.example.org/fhir}
   * @param url  an absolute URL; a relative or unparseable one is not within
   */
  public static boolean within(URI base, String url) {
    try {
      URI u = new URI(url).normalize();
      String path = u.getRawPath() == null ? "" : u.getRawPath();
      String basePath = basePath(base);
      String lower = path.toLowerCase(Locale.ROOT);
      return u.getScheme() != null && u.getScheme().equalsIgnoreCase(base.getScheme()) && u.getHost() != null
          && base.getHost() != null
          && u.getHost().toLowerCase(Locale.ROOT).equals(base.getHost().toLowerCase(Locale.ROOT))
          && port(u) == port(base) && u.getRawUserInfo() == null
          && !lower.contains("%2e") && !lower.contains("%2f") && !path.contains("/../") && !path.endsWith("/..")
          && (path.equals(basePath) || path.startsWith(basePath + "/")
              || (basePath.isEmpty() && path.equals("/")));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** {@link #within(URI, String)} with the base as a string. */
  public static boolean within(String base, String url) {
    try {
      return within(new URI(base), url);
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * Maps a link of the configured server that names another origin onto the configured base: the link's path must
   * start with {@code foreignBasePath} (the path the server calls its own base, e.g. taken from a page's {@code self}
   * link, or the configured base's own path when a proxy only renames the host); the rest of the path and the whole
   * query are kept.
   *
   * @param base            the configured base
   * @param link            the absolute link to map
   * @param foreignBasePath the server's own base path, without trailing slash ({@code ""} for the root)
   * @return the mapped URL, within {@code base}; empty when the link is not below {@code foreignBasePath} or holds user
   *     info, an encoded dot or slash, or a {@code ..} segment
   */
  public static Optional<String> rewrite(URI base, String link, String foreignBasePath) {
    try {
      URI u = new URI(link);
      String rawPath = u.getRawPath() == null ? "" : u.getRawPath();
      String lower = rawPath.toLowerCase(Locale.ROOT);
      if (u.getScheme() == null || u.getHost() == null || u.getRawUserInfo() != null || lower.contains("%2e")
          || lower.contains("%2f") || rawPath.contains("/../") || rawPath.endsWith("/..")
          || rawPath.contains("/./")) {
        return Optional.empty();
      }
      String prefix = trimSlash(foreignBasePath);
      String rest;
      if (rawPath.equals(prefix) || (prefix.isEmpty() && rawPath.equals("/"))) {
        rest = "";
      } else if (rawPath.startsWith(prefix + "/")) {
        rest = rawPath.substring(prefix.length());
      } else {
        return Optional.empty();
      }
      String baseString = trimSlash(base.toString());
      String mapped = baseString + rest + (u.getRawQuery() != null ? "?" + u.getRawQuery() : "");
      return within(base, mapped) ? Optional.of(mapped) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** The base's raw path without trailing slash ({@code ""} for the root). */
  static String basePath(URI base) {
    return trimSlash(base.getRawPath() == null ? "" : base.getRawPath());
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }
}
