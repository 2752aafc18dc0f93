package io.github.oncorefract.ingest;

import java.util.List;

/**
 * The FHIR server refused one of the adapter's searches as invalid (HTTP 400 to its first page): a parameter or value
 * the server does not support, e.g. {@code Observation?patient=} without the {@code category} some servers require.
 * The adapter builds its searches from its configuration, so this is a configuration error, not a fault of a patient
 * or a transient one: the pass stops with an alert and the cursor stays where it was. The message names the resource
 * type and the parameter names only, never a value or a URL.
 */
public class UnsupportedSearchException extends RuntimeException {

  private final String resourceType;
  private final List<String> parameters;

  /**
   * @param resourceType the searched type
   * @param parameters   the search's parameter names (with modifiers), sorted, without values
   * @param cause        the client's exception (its message may quote the server's diagnostics: DEBUG only)
   */
  public UnsupportedSearchException(String resourceType, List<String> parameters, Throwable cause) {
    super("the FHIR server refused a search of " + resourceType + " as invalid (HTTP 400) with parameters "
        + parameters + ": a configuration error (the server does not support a parameter the adapter sends)", cause);
    this.resourceType = resourceType;
    this.parameters = List.copyOf(parameters);
  }

  /** The searched resource type. */
  public String resourceType() {
    return resourceType;
  }

  /** The search's parameter names, sorted, without values. */
  public List<String> parameters() {
    return parameters;
  }

  /**
   * The parameter names of a relative search URL, without values.
   *
   * @param relativeUrl e.g. {@code Observation?patient=x&category=laboratory&_count=200}
   * @return e.g. {@code [_count, category, patient]}
   */
  public static List<String> parameterNames(String relativeUrl) {
    int q = relativeUrl.indexOf('?');
    if (q < 0 || q == relativeUrl.length() - 1) {
      return List.of();
    }
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    for (String pair : relativeUrl.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (!name.isEmpty() && name.matches("[A-Za-z0-9_:.\\-]{1,64}")) {
        names.add(name);
      }
    }
    return List.copyOf(names);
  }
}
