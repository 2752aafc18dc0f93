/**
 * The project's canonical URLs, set once: every CodeSystem, StructureDefinition and identifier system the adapter
 * writes hangs off {@link io.github.oncorefract.profiles.Canonical#BASE}.
 */
package io.github.oncorefract.profiles;
