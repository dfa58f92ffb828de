package com.anomalywatcher.detect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Per-sensor models on disk, one file per sensor ({@code <sensorId>.model}): a first line of JSON
 * with the {@link ModelMetadata}, readable with {@code head -1}, then the detector state as
 * deflate-compressed JSON. Listing and versioning read only the first line. Saving writes a
 * temporary file in the same directory, forces it to disk and renames it over the old one with
 * {@code ATOMIC_MOVE}, so a crash mid-save leaves either the old or the new model, never a corrupt
 * one. Thread-safe for distinct sensors.
 */
public final class ModelRepository {
  /** Layout version of the model files this code writes and reads. */
  public static final int FORMAT_VERSION = 3;

  static final String SUFFIX = ".model";
  /** Files of format version 2 (one JSON document): listed as unreadable, so that status says to retrain. */
  private static final String LEGACY_SUFFIX = ".model.json";
  /** Longest metadata line read before a file is taken as corrupt. */
  private static final int MAX_METADATA_BYTES = 1 << 20;

  /** A model file as listed by {@link #list()}. */
  public record StoredModel(ModelMetadata metadata, long bytes, Path file) {}

  /**
   * A sensor's model file that cannot be read (truncated, corrupt, another format version): that
   * sensor warms up afresh, the others are not affected.
   */
  public static final class UnreadableModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnreadableModelException(Path file, String reason, Throwable cause) {
      super("model unreadable: " + file + " (" + reason + ")", cause);
    }
  }

  private final Path dir;
  private final ObjectMapper mapper = mapper();

  /**
   * Models under {@code dir}; the directory is created by the first {@link #save}. A missing
   * directory holds no models.
   */
  public static ModelRepository at(Path dir) {
    return new ModelRepository(java.util.Objects.requireNonNull(dir, "dir"));
  }

  private ModelRepository(Path dir) {
    this.dir = dir;
  }

  static ObjectMapper mapper() {
    // Schubfach/fast-float: writing and parsing the profiles' many floats dominated saving and loading.
    return new ObjectMapper(JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build())
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** The directory. */
  public Path dir() {
    return dir;
  }

  /** Saves atomically, replacing the sensor's previous model. */
  public void save(SensorModel model) {
    Path target = fileOf(model.metadata().sensorId());
    Path tmp = null;
    try {
      byte[] bytes = encode(model);
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + model.metadata().sensorId() + ".", ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
        out.write(bytes);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + dir + " cannot replace files atomically", e);
      }
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("saving the model of " + model.metadata().sensorId() + " to " + target
          + " failed: " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the failure being reported is the one that matters; a stray temp file is harmless
        }
      }
    }
  }

  /**
   * The sensor's model, or empty when there is none.
   *
   * @throws UnreadableModelException naming the file and the reason when it cannot be read
   */
  public Optional<SensorModel> load(String sensorId) {
    Path file = fileOf(sensorId);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Content content = read(file);
    SensorDetectorState state;
    try {
      state = mapper.readValue(inflate(content.bytes(), content.stateStart()), SensorDetectorState.class);
    } catch (IOException | RuntimeException e) {
      throw new UnreadableModelException(file, reason(e), e);
    }
    if (state == null) {
      throw new UnreadableModelException(file, "no detector state", null);
    }
    return Optional.of(new SensorModel(content.metadata(), state));
  }

  /**
   * The metadata of the sensor's model (its first line only, the state not read), or empty when
   * there is none: enough to tell whether a saved running state grew from this model.
   *
   * @throws UnreadableModelException naming the file and the reason when the line cannot be read
   */
  public Optional<ModelMetadata> loadMetadata(String sensorId) {
    Path file = fileOf(sensorId);
    return Files.isRegularFile(file) ? Optional.of(readMetadata(file)) : Optional.empty();
  }

  /** The file's bytes: the metadata as one line of JSON, a newline, the deflated JSON of the state. */
  private byte[] encode(SensorModel model) throws IOException {
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
  private ModelMetadata readMetadata(Path file) {
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

  /** Model files that cannot be read, by sensor id, each with the message of its {@link UnreadableModelException}. */
  public Map<String, String> unreadable() {
    Map<String, String> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path f : files) {
        try {
          check(f);
        } catch (UnreadableModelException e) {
          out.put(sensorIdOf(f, SUFFIX), e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing models in " + dir + " failed: " + e.getMessage(), e);
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + LEGACY_SUFFIX)) {
      for (Path f : files) {
        out.putIfAbsent(sensorIdOf(f, LEGACY_SUFFIX), new UnreadableModelException(f,
            "format version 2 or older, this program reads " + FORMAT_VERSION + ": retrain", null).getMessage());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing models in " + dir + " failed: " + e.getMessage(), e);
    }
    return out;
  }

  /** Reads the whole file: its metadata and that its compressed state is complete (the checksum holds). */
  private ModelMetadata check(Path file) {
    Content content = read(file);
    try {
      inflate(content.bytes(), content.stateStart());
    } catch (IOException e) {
      throw new UnreadableModelException(file, reason(e), e);
    }
    return content.metadata();
  }

  /** A model file read whole: its bytes, its parsed metadata line and where the compressed state starts. */
  private record Content(byte[] bytes, ModelMetadata metadata, int stateStart) {}

  private Content read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UnreadableModelException(file, reason(e), e);
    }
    int newline = newline(bytes, bytes.length);
    return new Content(bytes, metadata(file, bytes, newline), newline + 1);
  }

  private static String sensorIdOf(Path file, String suffix) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - suffix.length());
  }

  /** The metadata of every readable model in the directory (its state checked complete), by sensor id. */
  public List<StoredModel> list() {
    List<StoredModel> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path f : files) {
        ModelMetadata m;
        try {
          m = check(f);
        } catch (UnreadableModelException e) {
          continue; // listed by unreadable()
        }
        out.add(new StoredModel(m, Files.size(f), f));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing models in " + dir + " failed: " + e.getMessage(), e);
    }
    out.sort(java.util.Comparator.comparing(s -> s.metadata().sensorId()));
    return out;
  }

  /** The version the next model of the sensor gets: one more than the stored one, or 1. */
  public int nextVersion(String sensorId) {
    Path file = fileOf(sensorId);
    if (!Files.isRegularFile(file)) {
      return 1;
    }
    try {
      return readMetadata(file).modelVersion() + 1;
    } catch (UnreadableModelException e) {
      return 1; // an unreadable old model is replaced by a fresh first version
    }
  }

  private Path fileOf(String sensorId) {
    if (!sensorId.matches("[A-Za-z0-9_.-]+") || sensorId.startsWith(".")) {
      throw new IllegalArgumentException("sensor id '" + sensorId + "' cannot name a model file");
    }
    return dir.resolve(sensorId + SUFFIX);
  }

  static String toJson(Object o) {
    try {
      return mapper().writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
