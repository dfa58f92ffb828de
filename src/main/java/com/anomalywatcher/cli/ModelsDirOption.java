package com.anomalywatcher.cli;

import com.anomalywatcher.store.DatabaseConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --models-dir} option shared by train, status, monitor, run and serve. Models belong to
 * the database they were trained on: without the option (or {@code AW_MODELS_DIR}) each database
 * has a directory of its own under {@code models/}. One shared {@code models/anomaly_detection} let
 * a {@code train} on one database overwrite another's models, and {@code monitor} score a database
 * with another's.
 */
final class ModelsDirOption {
  /** Where the per-database directories are, relative to the working directory. */
  static final Path ROOT = Path.of("models");
  /** The directory every database shared before. */
  static final Path SHARED_BEFORE = ROOT.resolve("anomaly_detection");
  /** The file in a models directory that names the database its models were trained on. */
  static final String TRAINED_ON = "trained-on-database";

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--models-dir",
      defaultValue = "${env:AW_MODELS_DIR}",
      paramLabel = "DIR",
      description = "Where per-sensor models live (env AW_MODELS_DIR; default: models/HOST-PORT-DATABASE, a directory"
          + " of the database's own, e.g. models/127.0.0.1-5432-aw_fleet).")
  Path given;

  /**
   * The models directory: {@code --models-dir} (or {@code AW_MODELS_DIR}) as given, else the
   * database's own. When the database's own holds no models yet while the old shared directory
   * does, says on standard error that those are not used and how to use them.
   */
  Path dir(DatabaseConfig db) {
    return resolve(given, ROOT, db, mixee.commandLine().getErr());
  }

  /** {@link #dir} with the per-database directories under {@code root}. */
  static Path resolve(Path given, Path root, DatabaseConfig db, PrintWriter err) {
    if (given != null) {
      String trainedOn = trainedOn(given);
      if (trainedOn != null && !trainedOn.equals(db.directoryName())) {
        err.printf("note: the models in %s were trained on database %s, not on this one (%s)%n", given, trainedOn,
            db.directoryName());
        err.flush();
      }
      return given;
    }
    Path own = root.resolve(db.directoryName());
    Path sharedBefore = root.resolve(SHARED_BEFORE.getFileName());
    int before = models(sharedBefore);
    if (before > 0 && models(own) == 0) {
      err.printf("note: %s holds %s saved when every database shared that directory; they are not used: this"
          + " database's models are in %s. If they were trained on this database, move them there"
          + " (mkdir -p %s && mv %s/*.model %s/) or pass --models-dir %s%n", sharedBefore,
          Human.count(before, "model"), own, own, sharedBefore, own, sharedBefore);
      err.flush();
    }
    return own;
  }

  /**
   * Records in {@code dir} which database its models were trained on ({@link
   * DatabaseConfig#directoryName}, no credentials), so that a command given the directory with
   * another database can say so.
   */
  static void recordTrainedOn(Path dir, DatabaseConfig db) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(TRAINED_ON), db.directoryName() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + dir.resolve(TRAINED_ON) + " failed: " + e.getMessage(), e);
    }
  }

  /** The database {@code dir}'s models were trained on, or null when it does not say. */
  private static String trainedOn(Path dir) {
    Path file = dir.resolve(TRAINED_ON);
    try {
      return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
    } catch (IOException e) {
      return null; // unreadable: nothing to compare, the models themselves are checked when loaded
    }
  }

  /** Model files in {@code dir}; 0 when it does not exist. */
  private static int models(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int n = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.model")) {
      for (Path ignored : files) {
        n++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + dir + " failed: " + e.getMessage(), e);
    }
    return n;
  }
}
