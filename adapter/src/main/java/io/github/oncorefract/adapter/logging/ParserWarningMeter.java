package io.github.oncorefract.adapter.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Counts the warnings of HAPI's {@code LenientErrorHandler} (unknown elements and attributes, unexpected repeats,
 * invalid values, missing required elements, wherever a FHIR parser with that handler runs, e.g. the embedded server
 * reading data) in the counter {@code oncorefract.fhir.parser.warnings} (tag {@code kind}: unknown-element,
 * unknown-attribute, unexpected-repeat, invalid-value, missing-required, other) and keeps them off the console: one line
 * per element filled the console, and an invalid-value warning quotes the value, which can be PHI (a birth date).
 * Installed as a Logback turbo filter while the application runs; removed when it stops.
 */
@Component
public class ParserWarningMeter extends TurboFilter implements DisposableBean {

  /** The logger HAPI's lenient parser error handler writes to. */
  public static final String LOGGER = "ca.uhn.fhir.parser.LenientErrorHandler";

  private static final Map<String, String> KINDS = Map.of(
      "unknown element", "unknown-element",
      "unknown attribute", "unknown-attribute",
      "multiple repetitions", "unexpected-repeat",
      "invalid", "invalid-value",
      "missing", "missing-required");

  private final MeterRegistry registry;
  private final LoggerContext context;

  /** @param registry the application's meter registry */
  public ParserWarningMeter(MeterRegistry registry) {
    this.registry = registry;
    for (String kind : new java.util.TreeSet<>(KINDS.values())) {
      counter(kind);
    }
    counter("other");
    this.context = LoggerFactory.getILoggerFactory() instanceof LoggerContext lc ? lc : null;
    if (context != null) {
      setName("oncorefract-parser-warnings");
      start();
      context.addTurboFilter(this);
    }
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (logger == null || !LOGGER.equals(logger.getName()) || level == null || !level.isGreaterOrEqual(Level.WARN)) {
      return FilterReply.NEUTRAL;
    }
    counter(kind(format)).increment();
    return FilterReply.DENY;
  }

  /** The kind of a LenientErrorHandler message from its format string (never from its parameters). */
  static String kind(String format) {
    if (format == null) {
      return "other";
    }
    String f = format.toLowerCase(java.util.Locale.ROOT);
    for (String k : new String[] {"unknown element", "unknown attribute", "multiple repetitions", "invalid",
        "missing"}) {
      if (f.contains(k)) {
        return KINDS.get(k);
      }
    }
    return "other";
  }

  private Counter counter(String kind) {
    return Counter.builder("oncorefract.fhir.parser.warnings").tag("kind", kind)
        .description("Warnings of HAPI's lenient FHIR parser, counted instead of logged").register(registry);
  }

  @Override
  public void destroy() {
    if (context != null) {
      context.getTurboFilterList().remove(this);
      stop();
    }
  }
}
