/**
 * Domain to FHIR: turns a {@link io.github.oncorefract.domain.PatientAssessment} into the resources the adapter
 * proposes to write (Flag, suggestion CarePlan, trial-referral ServiceRequest and Task), each with a deterministic
 * identifier and content that depends only on the data, never on the wall clock, so that an unchanged patient yields
 * byte-identical proposals on every pass.
 */
package io.github.oncorefract.suggest;
