package io.github.oncorefract.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cursor store that lives as long as the process: right for the embedded in-memory server, whose data also dies
 * with the process.
 */
public class InMemoryCursorStore implements CursorStore {

  private final Map<String, PassCursor> cursors = new ConcurrentHashMap<>();

  @Override
  public PassCursor load(String serverKey) {
    return cursors.getOrDefault(serverKey, PassCursor.initial());
  }

  @Override
  public void save(String serverKey, PassCursor cursor) {
    cursors.put(serverKey, cursor);
  }
}
