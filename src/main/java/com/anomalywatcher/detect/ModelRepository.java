package com.anomalywatcher.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
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

/**
 * Per-sensor models on disk, one JSON file per sensor ({@code <sensorId>.model.json}) holding
 * {@link ModelMetadata} and the detector state. Saving writes a temporary file in the same
 * directory, forces it to disk and renames it over the old one with {@code ATOMIC_MOVE}, so a crash
 * mid-save leaves either the old or the new model, never a corrupt one. Thread-safe for distinct
 * sensors.
 */
public final class ModelRepository {
  /** Layout version of the model files this code writes and reads. */
  public static final int FORMAT_VERSION = 2;

  static final String SUFFIX = ".model.json";

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
    return new ObjectMapper()
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
      byte[] bytes = mapper.writeValueAsBytes(model);
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
    SensorModel model;
    try {
      model = mapper.readValue(file.toFile(), SensorModel.class);
    } catch (IOException | RuntimeException e) {
      throw new UnreadableModelException(file, reason(e), e);
    }
    if (model == null || model.metadata() == null) {
      throw new UnreadableModelException(file, "no metadata", null);
    }
    if (model.metadata().formatVersion() != FORMAT_VERSION) {
      throw new UnreadableModelException(file, "format version " + model.metadata().formatVersion()
          + ", this program reads " + FORMAT_VERSION + ": retrain", null);
    }
    return Optional.of(model);
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
        String name = f.getFileName().toString();
        String sensorId = name.substring(0, name.length() - SUFFIX.length());
        String problem;
        try {
          MetadataOnly m = mapper.readValue(f.toFile(), MetadataOnly.class);
          problem = m == null || m.metadata() == null ? "no metadata"
              : m.metadata().formatVersion() != FORMAT_VERSION
                  ? "format version " + m.metadata().formatVersion() + ", this program reads " + FORMAT_VERSION + ": retrain"
                  : null;
        } catch (IOException | RuntimeException e) {
          problem = reason(e);
        }
        if (problem != null) {
          out.put(sensorId, new UnreadableModelException(f, problem, null).getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing models in " + dir + " failed: " + e.getMessage(), e);
    }
    return out;
  }

  /** The metadata of every model in the directory, by sensor id. */
  public List<StoredModel> list() {
    List<StoredModel> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path f : files) {
        MetadataOnly m;
        try {
          m = mapper.readValue(f.toFile(), MetadataOnly.class);
        } catch (IOException | RuntimeException e) {
          continue; // listed by unreadable()
        }
        if (m != null && m.metadata() != null) {
          out.add(new StoredModel(m.metadata(), Files.size(f), f));
        }
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
      return mapper.readValue(file.toFile(), MetadataOnly.class).metadata().modelVersion() + 1;
    } catch (IOException e) {
      return 1; // an unreadable old model is replaced by a fresh first version
    }
  }

  private Path fileOf(String sensorId) {
    if (!sensorId.matches("[A-Za-z0-9_.-]+") || sensorId.startsWith(".")) {
      throw new IllegalArgumentException("sensor id '" + sensorId + "' cannot name a model file");
    }
    return dir.resolve(sensorId + SUFFIX);
  }

  /** Reads only the metadata of a model file. */
  private record MetadataOnly(ModelMetadata metadata) {}

  static String toJson(Object o) {
    try {
      return mapper().writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
