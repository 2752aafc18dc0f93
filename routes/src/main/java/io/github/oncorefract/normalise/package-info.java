/**
 * Normalisers from FHIR R4 resources (HAPI model) to the plain domain model: cancers, antineoplastic drug exposures,
 * disease-status events, genomic variants and procedures of one patient. The entry point is
 * {@link io.github.oncorefract.normalise.PatientNormaliser}; the other classes each own one concern.
 *
 * <p>Rules follow {@code clinical-model.md} section 1 and every quirk in {@code fixtures/public/FINDINGS.md}.
 * Anything malformed becomes a {@link io.github.oncorefract.domain.QuarantineEntry} (type, id, element path,
 * reason; never values) and the rest of the patient is still normalised. Dates are the local days the record states; partial dates give
 * the earliest day for starts and the latest day for ends.
 */
package io.github.oncorefract.normalise;
