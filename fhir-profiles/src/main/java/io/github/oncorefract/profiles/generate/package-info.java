/**
 * Build-time generation of the package's terminology from the knowledge tables (CSV stays the source of truth): run by
 * {@code fhir-profiles/pom.xml} before the package is tarred. Not used at run time.
 */
package io.github.oncorefract.profiles.generate;
