package io.github.oncorefract.assessment;

import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.CancerType;
import java.util.Objects;
import java.util.Set;

/**
 * What every rule set shares: its id and version (named by every Flag and Provenance it produces) and the cancer
 * types it is meant for.
 */
abstract class BaseRuleSet implements RefractoryRuleSet {

  private final String id;
  private final String version;
  private final Set<CancerType> types;

  /**
   * @param id      stable id, e.g. {@code "dlbcl-scholar-1"}
   * @param version semantic version
   * @param types   cancer types the rule set applies to
   */
  BaseRuleSet(String id, String version, Set<CancerType> types) {
    this.id = Objects.requireNonNull(id, "id");
    this.version = Objects.requireNonNull(version, "version");
    this.types = Set.copyOf(types);
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final String version() {
    return version;
  }

  @Override
  public boolean appliesTo(CancerCondition cancer) {
    return cancer.type() != null && types.contains(cancer.type());
  }
}
