package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anomalywatcher.store.OutboxStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Why the alerts file cannot take an event, in words (the reason {@code alerts --undelivered} and stderr show). */
class FileTransportTest {
  @TempDir Path dir;

  /** Before, the reason was the bare path: "(/var/log/aw/alerts.jsonl)". */
  @Test
  void aDirectoryThatWentAwayIsSaidSo() throws IOException {
    Path gone = dir.resolve("rotated");
    Files.createDirectory(gone);
    FileTransport file = new FileTransport(gone.resolve("alerts.jsonl"));
    Files.delete(gone);

    assertThatThrownBy(() -> file.send(event(file)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("alerts.jsonl").hasMessageContaining("directory does not exist");
  }

  private static OutboxStore.Pending event(FileTransport file) {
    return new OutboxStore.Pending(1, file.sinkName(), "7-1", "opened", "fan-x",
        "{\"sensor_id\":\"fan-x\",\"kind\":\"stall\"}", Instant.parse("2026-12-04T18:30:21Z"), 0, null, null);
  }
}
