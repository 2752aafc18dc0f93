package io.github.oncorefract.adapter.memory;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives back to the operating system the heap that the start-up needed (FHIR package install, demo data, the first
 * pass) and keeps an idle adapter small, without JVM flags on the command line, so that {@code java -jar} stays the
 * whole command.
 *
 * <p>Without {@code -Xmx} the JVM may grow the heap to a quarter of the machine's memory, and G1 keeps what it once
 * committed: measured with the demo cohort, 2.3 GB of committed heap under a live set of a few hundred MB (see
 * BENCHMARKS.md, "Memory"). Once the application is ready (after every {@code ApplicationRunner}: seeding and the
 * start-up pass), this sets three <em>manageable</em> HotSpot flags, each only when still at its JVM default (a flag
 * given on the command line is left alone), and then asks for one full collection:
 * <ul>
 *   <li>{@code MinHeapFreeRatio} 20 and {@code MaxHeapFreeRatio} 40 (defaults 40 and 70): after a collection G1
 *       shrinks the committed heap to at most live / 0.6 instead of live / 0.3;
 *   <li>{@code G1PeriodicGCInterval} 300000 ms (default 0, off): after 5 minutes without a collection (an idle adapter
 *       between passes) G1 runs a concurrent cycle and gives the free heap back (JEP 346).
 * </ul>
 * The full collection is skipped with {@code -XX:+DisableExplicitGC}; nothing changes under another collector than
 * G1 except the ratios (which Serial and Parallel honour too). Logs one INFO line with the heap before and after.
 */
@Component
public class HeapTrim {

  private static final Logger log = LoggerFactory.getLogger(HeapTrim.class);

  /** Flags set when still at their default, in this order (Min before Max keeps Min <= Max at every step). */
  static final Map<String, String> FLAGS = new java.util.LinkedHashMap<>();

  static {
    FLAGS.put("MinHeapFreeRatio", "20");
    FLAGS.put("MaxHeapFreeRatio", "40");
    FLAGS.put("G1PeriodicGCInterval", "300000");
  }

  /** Runs once the application is ready: sets the flags, then one full collection. */
  @EventListener(ApplicationReadyEvent.class)
  public void trim() {
    HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    if (hotspot == null) {
      return;
    }
    for (Map.Entry<String, String> f : FLAGS.entrySet()) {
      try {
        VMOption option = hotspot.getVMOption(f.getKey());
        if (option.getOrigin() == VMOption.Origin.DEFAULT && option.isWriteable()) {
          hotspot.setVMOption(f.getKey(), f.getValue());
        }
      } catch (IllegalArgumentException | SecurityException e) {
        log.debug("heap trim: {} left as it is ({})", f.getKey(), e.getClass().getSimpleName());
      }
    }
    boolean explicitGcDisabled;
    try {
      explicitGcDisabled = Boolean.parseBoolean(hotspot.getVMOption("DisableExplicitGC").getValue());
    } catch (IllegalArgumentException e) {
      explicitGcDisabled = false;
    }
    Runtime rt = Runtime.getRuntime();
    long before = rt.totalMemory();
    if (!explicitGcDisabled) {
      System.gc();
    }
    log.info("Heap after start-up: committed {} MB -> {} MB, used {} MB (max {} MB)", before >> 20,
        rt.totalMemory() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
  }
}
