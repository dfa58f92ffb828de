package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.DatabaseConfig;
import com.anomalywatcher.store.EmbeddedServer;
import com.anomalywatcher.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models belong to the database they were trained on: by default each database has a directory of
 * its own, so two databases trained from one directory no longer overwrite each other's models and
 * a monitor no longer loads another database's.
 */
class ModelsDirOptionTest {
  @RegisterExtension static final TestDatabase first = TestDatabase.fresh("models-dir-first");
  @RegisterExtension static final TestDatabase second = TestDatabase.fresh("models-dir-second");
  @TempDir Path tmp;

  private static DatabaseConfig config(String url) {
    return new DatabaseConfig(Optional.of(url), new EmbeddedServer.Location(Path.of("data"), 54329));
  }

  @Test
  void eachDatabaseHasADirectoryOfItsOwnAndAGivenOneWins() {
    StringWriter err = new StringWriter();
    PrintWriter w = new PrintWriter(err, true);

    Path a = ModelsDirOption.resolve(null, tmp, config("jdbc:postgresql://127.0.0.1:5432/plant_a?user=postgres"), w);
    Path b = ModelsDirOption.resolve(null, tmp, config("postgresql://u:secret@127.0.0.1/plant_b"), w);
    Path again = ModelsDirOption.resolve(null, tmp, config("jdbc:postgresql://127.0.0.1:5432/plant_a?user=other"), w);
    Path given = ModelsDirOption.resolve(Path.of("/srv/models"), tmp, config("jdbc:postgresql://h/plant_a"), w);

    assertThat(a).isEqualTo(tmp.resolve("127.0.0.1-5432-plant_a"));
    assertThat(b).isEqualTo(tmp.resolve("127.0.0.1-5432-plant_b"));
    assertThat(again).isEqualTo(a);
    assertThat(given).isEqualTo(Path.of("/srv/models"));
    assertThat(b.toString()).doesNotContain("secret");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void saysWhereTheOldSharedModelsAreAndThatTheyAreNotUsed() throws Exception {
    Files.createDirectories(tmp.resolve("anomaly_detection"));
    Files.writeString(tmp.resolve("anomaly_detection/oven-x-000001.model"), "{}\n");
    StringWriter err = new StringWriter();

    Path own = ModelsDirOption.resolve(null, tmp, config("jdbc:postgresql://127.0.0.1:5432/plant_a"), new PrintWriter(err, true));

    assertThat(err.toString()).startsWith("note: " + tmp.resolve("anomaly_detection") + " holds 1 model saved when")
        .contains("not used").contains(own.toString()).contains("--models-dir " + tmp.resolve("anomaly_detection"));
    // Once the database has models of its own, the note is not repeated.
    Files.createDirectories(own);
    Files.writeString(own.resolve("oven-x-000001.model"), "{}\n");
    StringWriter later = new StringWriter();
    ModelsDirOption.resolve(null, tmp, config("jdbc:postgresql://127.0.0.1:5432/plant_a"), new PrintWriter(later, true));
    assertThat(later.toString()).isEmpty();
  }

  @Test
  void aGivenDirectoryTrainedOnAnotherDatabaseIsUsedWithANote() {
    Path given = tmp.resolve("shared");
    ModelsDirOption.recordTrainedOn(given, config("jdbc:postgresql://127.0.0.1:5432/plant_a"));
    StringWriter same = new StringWriter();
    StringWriter other = new StringWriter();

    ModelsDirOption.resolve(given, tmp, config("jdbc:postgresql://127.0.0.1:5432/plant_a?user=x"), new PrintWriter(same, true));
    Path used = ModelsDirOption.resolve(given, tmp, config("jdbc:postgresql://127.0.0.1:5432/plant_b"),
        new PrintWriter(other, true));

    assertThat(used).isEqualTo(given);
    assertThat(same.toString()).isEmpty();
    assertThat(other.toString().strip()).isEqualTo("note: the models in " + given
        + " were trained on database 127.0.0.1-5432-plant_a, not on this one (127.0.0.1-5432-plant_b)");
  }

  /**
   * Without {@code --models-dir}: the commands run as processes in a directory of the test's own, so
   * their {@code models/} (relative to the working directory) is not written into the repository.
   */
  @Test
  void trainOnTwoDatabasesFromOneDirectoryKeepsBothSetsOfModels() throws Exception {
    String dirA = "models/" + config(first.jdbcUrl()).directoryName();
    String dirB = "models/" + config(second.jdbcUrl()).directoryName();
    for (TestDatabase db : new TestDatabase[] {first, second}) {
      assertThat(CommandRun.against(db.jdbcUrl(), "sample", "--days", "2", "--interval", "30", "--sensors", "6",
          "--seed", db == first ? "1" : "2", "--end", "2026-01-03T00:00:00Z").exitCode()).isZero();
    }

    String trainA = inTmp("train-a", first, "train", "--hours", "48", "--until", "2026-01-03T00:00:00Z");
    String trainB = inTmp("train-b", second, "train", "--hours", "48", "--until", "2026-01-03T00:00:00Z");

    assertThat(trainA).contains("saved in " + dirA);
    assertThat(trainB).contains("saved in " + dirB);
    assertThat(dirA).isNotEqualTo(dirB);
    try (Stream<Path> a = Files.list(tmp.resolve(dirA)); Stream<Path> b = Files.list(tmp.resolve(dirB))) {
      assertThat(a.filter(f -> f.toString().endsWith(".model")).count()).isEqualTo(6);
      assertThat(b.filter(f -> f.toString().endsWith(".model")).count()).isEqualTo(6);
    }
    assertThat(Files.readString(tmp.resolve(dirA).resolve(ModelsDirOption.TRAINED_ON)).strip())
        .isEqualTo(config(first.jdbcUrl()).directoryName());
    // monitor given the first database's models on the second says so
    String cross = inTmp("monitor-cross", second, "monitor", "--once", "--models-dir", dirA);
    assertThat(cross).contains("note: the models in " + dirA + " were trained on database "
        + config(first.jdbcUrl()).directoryName());
    // status of each database lists its own models only
    assertThat(inTmp("status-a", first, "status")).contains("6 models in " + dirA);
  }

  /** Runs a command to its end as a process working in {@link #tmp}; its output (it must exit 0). */
  private String inTmp(String name, TestDatabase db, String... args) throws Exception {
    try (AwProcess p = AwProcess.start(tmp, name, Map.of("AW_DB_URL", db.jdbcUrl()), args)) {
      assertThat(p.awaitExit(Duration.ofMinutes(3))).as(p.output()).isZero();
      return p.output();
    }
  }
}
