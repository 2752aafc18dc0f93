package io.github.oncorefract.deadletter;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A dead-letter store that lives as long as the process (no {@code adapter.state.dir}): right for the embedded
 * in-memory server, whose data also dies with the process.
 */
public class InMemoryDeadLetterStore implements DeadLetterStore {

  private final Map<String, List<DeadLetter>> entries = new ConcurrentHashMap<>();

  @Override
  public List<DeadLetter> load(String serverKey) {
    return entries.getOrDefault(serverKey, List.of());
  }

  @Override
  public void save(String serverKey, List<DeadLetter> list) {
    entries.put(serverKey, List.copyOf(list));
  }
}
