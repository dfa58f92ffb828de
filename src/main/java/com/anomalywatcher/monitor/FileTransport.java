package com.anomalywatcher.monitor;

import com.anomalywatcher.store.OutboxStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends each alert event as one JSON line (with its {@code idempotency_key}) to a file. A line is
 * whole or absent: a write that fails part way (a full disk, a file size limit) is cut back off, and
 * a line an earlier process left unfinished (killed mid-write) is ended before the next one, so a
 * reader of the file never meets two events run together.
 */
final class FileTransport implements AlertTransport {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final byte NEWLINE = '\n';
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
    byte[] line = (MAPPER.writeValueAsString(json) + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      long end = out.size();
      ByteBuffer bytes = endsUnfinished(end) ? ByteBuffer.allocate(line.length + 1).put(NEWLINE).put(line).flip()
          : ByteBuffer.wrap(line);
      try {
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
        // delivered means on the disk: the outbox marks it so once this returns
        out.force(false);
      } catch (IOException e) {
        cutBack(out, end, e);
        throw e;
      }
    }
  }

  /** Whether the file's last byte (before {@code end}) is not a line end: a line cut short by a crash. */
  private boolean endsUnfinished(long end) throws IOException {
    if (end == 0) {
      return false;
    }
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer last = ByteBuffer.allocate(1);
      return in.read(last, end - 1) == 1 && last.get(0) != NEWLINE;
    }
  }

  /** Takes off what a failed write appended; a failure of that too is added to the write's. */
  private static void cutBack(FileChannel out, long end, IOException failure) {
    try {
      out.truncate(end);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
