package io.github.oncorefract.adapter.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeapTrimTest {

  @Test
  void setsTheManageableFlagsStillAtTheirDefaultAndLeavesTheOthers() {
    HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    Map<String, VMOption> before = new HashMap<>();
    HeapTrim.FLAGS.keySet().forEach(k -> before.put(k, hotspot.getVMOption(k)));

    new HeapTrim().trim();

    HeapTrim.FLAGS.forEach((name, target) -> {
      VMOption was = before.get(name);
      VMOption now = hotspot.getVMOption(name);
      if (was.getOrigin() == VMOption.Origin.DEFAULT) {
        assertThat(now.getValue()).as(name).isEqualTo(target);
      } else {
        assertThat(now.getValue()).as(name).isEqualTo(was.getValue());
      }
    });
    assertThat(Integer.parseInt(hotspot.getVMOption("MinHeapFreeRatio").getValue()))
        .isLessThanOrEqualTo(Integer.parseInt(hotspot.getVMOption("MaxHeapFreeRatio").getValue()));
  }
}
