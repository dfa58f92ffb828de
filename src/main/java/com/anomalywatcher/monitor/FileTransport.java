package com.anomalywatcher.monitor;

import com.anomalywatcher.store.OutboxStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends each alert event as one JSON line (with its {@code idempotency_key}) to a file. */
final class FileTransport implements AlertTransport {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final Path file;

  FileTransport(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  @Override
  public String sinkName() {
    return "file " + file;
  }

  @Override
  public void send(OutboxStore.Pending event) throws IOException {
    ObjectNode json = (ObjectNode) MAPPER.readTree(event.payloadJson());
    json.put("idempotency_key", event.idempotencyKey());
    Files.writeString(file, MAPPER.writeValueAsString(json) + System.lineSeparator(), StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
  }
}
