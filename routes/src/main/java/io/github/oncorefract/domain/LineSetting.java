package io.github.oncorefract.domain;

/**
 * Setting of a line of therapy. Curative-intent lines (neoadjuvant, adjuvant, definitive) are counted apart from
 * advanced-setting (palliative) lines: Saini &amp; Twelves, Br J Cancer 2021, "LoT N (CLoT + PLoT)".
 */
public enum LineSetting {
  CURATIVE,
  ADVANCED
}
