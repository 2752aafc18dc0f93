/**
 * Route configuration and the plumbing around it: the Camel routes of a pass ({@link
 * io.github.oncorefract.routing.AssessmentRoutes}), the per-patient pipeline steps they call as named beans, the pass
 * state and summary, the one pass-at-a-time guard, and the classification of faults into transient (retried) and
 * permanent (counted as failed, retried on the next pass).
 */
package io.github.oncorefract.routing;
