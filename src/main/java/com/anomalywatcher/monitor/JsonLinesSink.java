package com.anomalywatcher.monitor;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends one JSON object per opened or resolved alert to a file, flushed after each line. */
public final class JsonLinesSink implements AlertSink {
  private final Path file;
  private final BufferedWriter writer;
  private boolean closed;

  /** Opens (creating if needed) the file for appending; the sink owns and closes it. */
  public JsonLinesSink(Path file) {
    this.file = file;
    try {
      this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open alerts file " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void deliver(AlertChange change) {
    if (change.type() == AlertChange.Type.UPDATED) {
      return;
    }
    try {
      writer.write(AlertJson.of(change));
      writer.newLine();
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write alerts file " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close alerts file " + file + ": " + e.getMessage(), e);
    }
  }
}
