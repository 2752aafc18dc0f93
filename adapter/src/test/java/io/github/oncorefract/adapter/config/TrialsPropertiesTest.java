package io.github.oncorefract.adapter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Only open ResearchStudy statuses can be configured; the list is sorted and de-duplicated. */
class TrialsPropertiesTest {

  @Test
  void acceptsOpenStatusesOnly() {
    assertThat(new TrialsProperties(true, List.of("in-review", " active", "active"), 3).statuses())
        .containsExactly("active", "in-review");
    assertThatThrownBy(() -> new TrialsProperties(true, List.of("active", "closed-to-accrual"), 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("closed-to-accrual");
    assertThatThrownBy(() -> new TrialsProperties(true, List.of(), 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TrialsProperties(true, List.of("active"), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
