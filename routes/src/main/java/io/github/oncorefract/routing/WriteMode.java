package io.github.oncorefract.routing;

/** {@code adapter.write-mode}: {@code write} sends transactions; {@code dry-run} computes everything and writes nothing. */
public enum WriteMode {
  WRITE,
  DRY_RUN
}
