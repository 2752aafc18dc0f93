package io.github.oncorefract.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A durable cursor store: one small JSON file per server in a folder ({@code adapter.state.dir}), written to a temporary
 * file and moved into place atomically so a crash never leaves a half-written cursor. File names are a hash of the
 * server key, so no URL lands on disk as a file name.
 */
public class FileCursorStore implements CursorStore {

  private final Path dir;
  private final ObjectMapper json =
      new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /** @param dir folder for the cursor files; created when missing */
  public FileCursorStore(Path dir) {
    this.dir = dir;
  }

  @Override
  public PassCursor load(String serverKey) {
    Path file = file(serverKey);
    if (!Files.exists(file)) {
      return PassCursor.initial();
    }
    try {
      return json.readValue(file.toFile(), PassCursor.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cursor file unreadable: " + file.getFileName(), e);
    }
  }

  @Override
  public void save(String serverKey, PassCursor cursor) {
    try {
      Files.createDirectories(dir);
      Path file = file(serverKey);
      Path tmp = Files.createTempFile(dir, "cursor", ".tmp");
      Files.write(tmp, json.writeValueAsBytes(cursor));
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cursor not saved", e);
    }
  }

  private Path file(String serverKey) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(serverKey.getBytes(StandardCharsets.UTF_8));
      return dir.resolve("cursor-" + HexFormat.of().formatHex(h, 0, 8) + ".json");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
