package com.anomalywatcher.detect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
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
 * Per-sensor models on disk, one file per sensor ({@code <sensorId>.model}, laid out as {@link
 * ModelFile} says). Listing and versioning read only the first line. Saving writes a
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
  private final ModelFile modelFile = new ModelFile(mapper());

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
      byte[] bytes = modelFile.encode(model);
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
    return Optional.of(modelFile.read(file));
  }

  /**
   * The metadata of the sensor's model (its first line only, the state not read), or empty when
   * there is none: enough to tell whether a saved running state grew from this model.
   *
   * @throws UnreadableModelException naming the file and the reason when the line cannot be read
   */
  public Optional<ModelMetadata> loadMetadata(String sensorId) {
    Path file = fileOf(sensorId);
    return Files.isRegularFile(file) ? Optional.of(modelFile.readMetadata(file)) : Optional.empty();
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
          modelFile.check(f);
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
          m = modelFile.check(f);
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
      return modelFile.readMetadata(file).modelVersion() + 1;
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
