package io.github.oncorefract.ingest;

/**
 * A paged search that could not be completed safely: a {@code next} link to another origin refused by policy, a
 * repeating {@code next} link, more pages than {@code adapter.fhir.paging.max-pages}, or a page still gone (410) after
 * the allowed restarts. The message names the searched type and the reason, never a URL, id or value. Permanent for
 * the pass: the cursor stays where it was.
 */
public class PagingException extends RuntimeException {

  /** @param message type and reason, without URL, id or value */
  public PagingException(String message) {
    super(message);
  }
}
