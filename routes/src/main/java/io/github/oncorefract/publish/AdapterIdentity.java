package io.github.oncorefract.publish;

/**
 * Who writes: the adapter as a FHIR Device, named in every Provenance.
 *
 * @param name    product name, e.g. {@code "OncoRefract adapter"}
 * @param version product version, e.g. {@code "0.1.0"}
 */
public record AdapterIdentity(String name, String version) {}
