package io.github.oncorefract.assessment;

import io.github.oncorefract.domain.CancerCondition;

/**
 * A versioned set of rules that decides whether a cancer is likely refractory. Implementations are stateless and
 * thread-safe; every output names {@link #id()} and {@link #version()}.
 */
public interface RefractoryRuleSet {

  /** Stable id, e.g. {@code "solid-tumour"}. */
  String id();

  /** Semantic version, e.g. {@code "1.0.0"}; bump it whenever a rule or default changes. */
  String version();

  /** True when this rule set is meant for the cancer (by {@link CancerCondition#type()}). */
  boolean appliesTo(CancerCondition cancer);

  /**
   * Evaluates the rules.
   *
   * @param input the cancer's lines, exposures and events
   * @return the status with reasons and evidence; never {@code null}
   */
  RuleOutcome evaluate(RuleInput input);
}
