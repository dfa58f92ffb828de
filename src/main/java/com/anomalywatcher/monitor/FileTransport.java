package com.anomalywatcher.monitor;

import com.anomalywatcher.store.OutboxStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Appends each alert event as one JSON line (with its {@code idempotency_key}) to a file. A line is
 * whole or absent: a write that fails part way (a full disk, a file size limit) is cut back off, and
 * a line an earlier process left unfinished (killed mid-write) is ended before the next one, so a
 * reader of the file never meets two events run together. An event whose line is already the file's
 * last (a run died, or lost the database, between writing it and the outbox recording it) is not
 * written again: the file gets each event once.
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
    try (FileChannel out = open()) {
      long end = out.size();
      byte[] tail = tail(end, line.length + 1);
      boolean unfinished = tail.length > 0 && tail[tail.length - 1] != NEWLINE;
      if (!unfinished && endsWithLine(tail, line, end)) {
        // written by a run that died (or lost the database) before the outbox recorded it: not again
        out.force(false);
        return;
      }
      ByteBuffer bytes = unfinished ? ByteBuffer.allocate(line.length + 1).put(NEWLINE).put(line).flip()
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

  /**
   * The file, opened to append (created when missing). A directory that went away or turned
   * unwritable is said in words: the exception's own message is the bare path.
   */
  private FileChannel open() throws IOException {
    try {
      return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (NoSuchFileException e) {
      throw new IOException("cannot create " + file + ": its directory does not exist", e);
    } catch (AccessDeniedException e) {
      throw new IOException("cannot write " + file + ": permission denied", e);
    }
  }

  /** The file's last {@code count} bytes before {@code end} (all of them when it is shorter). */
  private byte[] tail(long end, int count) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(end, count));
    long from = end - bytes.capacity();
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      while (bytes.hasRemaining()) {
        if (in.read(bytes, from + bytes.position()) < 0) {
          throw new IOException(file + " became shorter while it was read");
        }
      }
    }
    return bytes.array();
  }

  /**
   * Whether the file (of {@code end} bytes, whose last ones are {@code tail}) ends with {@code line}
   * as a line of its own: the event's line is the last one, as a run that wrote it and then died
   * before the outbox marked it delivered leaves the file (the same event is the first one sent next).
   */
  private static boolean endsWithLine(byte[] tail, byte[] line, long end) {
    if (tail.length < line.length) {
      return false;
    }
    int from = tail.length - line.length;
    return Arrays.equals(tail, from, tail.length, line, 0, line.length)
        && (end == line.length || tail[from - 1] == NEWLINE);
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
