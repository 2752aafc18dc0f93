/**
 * Console and logs: HAPI parser warnings counted instead of printed ({@link
 * io.github.oncorefract.adapter.logging.ParserWarningMeter}), and the correlation ids of passes and patients in the
 * MDC (keys {@code pass} and {@code patient}, set by the pass runner and coordinator; shown by
 * {@code logging.pattern.correlation}). Framework log levels are in {@code application.yml}.
 */
package io.github.oncorefract.adapter.logging;
