package io.github.oncorefract.deadletter;

import com.fasterxml.jackson.core.type.TypeReference;
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
import java.util.List;

/**
 * A durable dead-letter store: one small JSON file per server ({@code dead-letters-<hash>.json}) in the cursor's folder
 * ({@code adapter.state.dir}), written to a temporary file and moved into place atomically, so a crash never leaves a
 * half-written file. File names are a hash of the server key, so no URL lands on disk as a file name. The file holds
 * logical ids, stage names, sanitised reasons, counts and UTC instants only.
 */
public class FileDeadLetterStore implements DeadLetterStore {

  private static final TypeReference<List<DeadLetter>> LIST = new TypeReference<>() {};

  private final Path dir;
  private final ObjectMapper json =
      new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /** @param dir folder for the files (the cursor's); created when missing */
  public FileDeadLetterStore(Path dir) {
    this.dir = dir;
  }

  /** @throws UncheckedIOException when the file exists but cannot be read */
  @Override
  public List<DeadLetter> load(String serverKey) {
    Path file = file(serverKey);
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return List.copyOf(json.readValue(file.toFile(), LIST));
    } catch (IOException e) {
      throw new UncheckedIOException("dead-letter file unreadable: " + file.getFileName(), e);
    }
  }

  /** @throws UncheckedIOException when the file cannot be written */
  @Override
  public void save(String serverKey, List<DeadLetter> entries) {
    try {
      Files.createDirectories(dir);
      Path file = file(serverKey);
      Path tmp = Files.createTempFile(dir, "dead-letters", ".tmp");
      Files.write(tmp, json.writeValueAsBytes(entries));
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("dead letters not saved", e);
    }
  }

  private Path file(String serverKey) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(serverKey.getBytes(StandardCharsets.UTF_8));
      return dir.resolve("dead-letters-" + HexFormat.of().formatHex(h, 0, 8) + ".json");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
