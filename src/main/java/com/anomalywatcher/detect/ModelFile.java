package com.anomalywatcher.detect;

import static com.anomalywatcher.detect.ModelRepository.FORMAT_VERSION;

import com.anomalywatcher.detect.ModelRepository.UnreadableModelException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The layout of a model file: a first line of JSON with the {@link ModelMetadata}, readable with
 * {@code head -1}, then the detector state as deflate-compressed JSON. Writes a model's bytes and
 * reads a file back (whole, or its first line only), failing with an {@link
 * UnreadableModelException} that names the file and the reason. Thread-safe (its mapper is); the
 * directory, the file names and atomic saving are {@link ModelRepository}'s.
 */
final class ModelFile {
  /** Longest metadata line read before a file is taken as corrupt. */
  private static final int MAX_METADATA_BYTES = 1 << 20;

  private final ObjectMapper mapper;

  ModelFile(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The model stored in {@code file}: its metadata and its detector state. */
  SensorModel read(Path file) {
    Content content = readWhole(file);
    SensorDetectorState state;
    try {
      state = mapper.readValue(inflate(content.bytes(), content.stateStart()), SensorDetectorState.class);
    } catch (IOException | RuntimeException e) {
      throw new UnreadableModelException(file, reason(e), e);
    }
    if (state == null) {
      throw new UnreadableModelException(file, "no detector state", null);
    }
    return new SensorModel(content.metadata(), state);
  }

  /** The file's bytes: the metadata as one line of JSON, a newline, the deflated JSON of the state. */
  byte[] encode(SensorModel model) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16_384);
    mapper.writeValue(new NonClosing(out), model.metadata());
    out.write('\n');
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
    try (DeflaterOutputStream z = new DeflaterOutputStream(out, deflater, 8_192)) {
      mapper.writeValue(z, model.state());
    } finally {
      deflater.end();
    }
    return out.toByteArray();
  }

  private static byte[] inflate(byte[] bytes, int from) throws IOException {
    Inflater inflater = new Inflater();
    try (InflaterInputStream in = new InflaterInputStream(
        new java.io.ByteArrayInputStream(bytes, from, bytes.length - from), inflater, 8_192)) {
      return in.readAllBytes();
    } finally {
      inflater.end();
    }
  }

  /** Index of the first newline within the first {@code length} bytes, or -1. */
  private static int newline(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** The metadata line of a file whose bytes (at least its first line) are given; checks its format version. */
  private ModelMetadata metadata(Path file, byte[] bytes, int newline) {
    if (newline < 0) {
      throw new UnreadableModelException(file, "no metadata line", null);
    }
    ModelMetadata m;
    try {
      m = mapper.readValue(bytes, 0, newline, ModelMetadata.class);
    } catch (IOException | RuntimeException e) {
      throw new UnreadableModelException(file, reason(e), e);
    }
    if (m == null) {
      throw new UnreadableModelException(file, "no metadata", null);
    }
    if (m.formatVersion() != FORMAT_VERSION) {
      throw new UnreadableModelException(file, "format version " + m.formatVersion()
          + ", this program reads " + FORMAT_VERSION + ": retrain", null);
    }
    return m;
  }

  /** Reads only a model file's first line and parses it as metadata. */
  ModelMetadata readMetadata(Path file) {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(4_096);
      int newline = newline(head, head.length);
      if (newline < 0 && head.length == 4_096) {
        ByteArrayOutputStream more = new ByteArrayOutputStream();
        more.write(head);
        int b;
        while ((b = in.read()) >= 0 && b != '\n' && more.size() < MAX_METADATA_BYTES) {
          more.write(b);
        }
        more.write('\n');
        head = more.toByteArray();
      }
    } catch (IOException e) {
      throw new UnreadableModelException(file, reason(e), e);
    }
    return metadata(file, head, newline(head, head.length));
  }

  /** Lets Jackson write a value without closing the stream that the compressed state follows in. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  /** The first line of a parser's message, short enough for one status line. */
  private static String reason(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    m = (nl < 0 ? m : m.substring(0, nl)).strip();
    return m.length() > 120 ? m.substring(0, 117) + "..." : m;
  }

  /** Reads the whole file: its metadata and that its compressed state is complete (the checksum holds). */
  ModelMetadata check(Path file) {
    Content content = readWhole(file);
    try {
      inflate(content.bytes(), content.stateStart());
    } catch (IOException e) {
      throw new UnreadableModelException(file, reason(e), e);
    }
    return content.metadata();
  }

  /** A model file read whole: its bytes, its parsed metadata line and where the compressed state starts. */
  private record Content(byte[] bytes, ModelMetadata metadata, int stateStart) {}

  private Content readWhole(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UnreadableModelException(file, reason(e), e);
    }
    int newline = newline(bytes, bytes.length);
    return new Content(bytes, metadata(file, bytes, newline), newline + 1);
  }
}
