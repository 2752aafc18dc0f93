package io.github.oncorefract.adapter.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.write.*}: optional kinds of output.
 *
 * @param linesOfTherapy {@code adapter.write.lines-of-therapy}: also write each derived line of therapy as a
 *                       line-of-therapy CarePlan (profile {@code oncorefract-line-of-therapy-careplan}: status active or
 *                       completed, intent plan, line number, setting, end reason, regimen, {@code replaces} the
 *                       previous line), retire lines that are no longer derived ({@code entered-in-error}) and name
 *                       their sources in the Provenance. Default {@code false}: no line is written and earlier line
 *                       CarePlans are left as they are.
 */
@ConfigurationProperties("adapter.write")
public record WriteProperties(@DefaultValue("false") boolean linesOfTherapy) {}
