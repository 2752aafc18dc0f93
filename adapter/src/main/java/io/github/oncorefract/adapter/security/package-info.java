/**
 * Operator security ({@code adapter.security.*}): Spring Security guards only the operator surface, {@code /api/**}
 * (except the FHIR server's notification callbacks {@code /api/notifications/**}), the operator view {@code /} and
 * {@code /actuator/**} (except the probes {@code /actuator/health/**}), with HTTP Basic or OAuth2 JWT bearer tokens, or
 * nothing when {@code adapter.security.mode=none}. The embedded FHIR server ({@code /fhir/**}), CDS Hooks
 * ({@code /cds-services/**}, its own JWT check), the timeline page and SMART launch ({@code adapter.smart.*}) never pass
 * through Spring Security's filter.
 */
package io.github.oncorefract.adapter.security;
