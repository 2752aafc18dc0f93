/**
 * Clinical knowledge tables read as data from the {@code fhir-profiles} module
 * ({@code /io/github/oncorefract/knowledge/*.csv} on the classpath): antineoplastic ingredients with their class,
 * substitution group, maintenance role and gap exemption; drug codes and free-text names mapped to ingredients; and
 * the codes and texts that recognise a Condition as a cancer. The tables and their sources are described in the
 * {@code README.md} beside them.
 *
 * <p>Nothing here reads FHIR resources: callers pass plain code system URIs, codes and texts.
 */
package io.github.oncorefract.knowledge;
