/**
 * Server-rendered pages for clinicians and integrators: the line-of-therapy timeline
 * ({@code GET /patients/{id}/timeline}, drawn by the plain {@link io.github.oncorefract.adapter.web.TimelineRenderer}
 * from what {@code AssessmentPipeline.preview} computed, nothing computed twice) and its SMART App Launch (EHR launch:
 * {@code /smart/launch}, {@code /smart/callback}). Pages are self-contained HTML: inline CSS and SVG, no scripts.
 */
package io.github.oncorefract.adapter.web;
