package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.store.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on several lanes learns exactly what one lane learns: each sensor sees its readings in
 * the same order (a fan speed sensor beside its site's switch), whatever the split and the slices.
 */
class ModelTrainerTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("model-trainer");
  static final Instant CUT = Instant.parse("2026-03-04T00:00:00Z");
  static final Instant FROM = CUT.minus(Duration.ofHours(30));

  @BeforeAll
  static void writeHistory() {
    new GeneratedHistory(41, 18).write(db.database(), FROM, CUT, 0.02);
  }

  @Test
  void severalLanesSaveTheSameModelsAsOne(@TempDir Path one, @TempDir Path three) throws IOException {
    Clock clock = Clock.fixed(CUT, ZoneOffset.UTC);
    List<ModelTrainer.Trained> alone = new ModelTrainer(db.database(), ModelRepository.at(one), clock, 1).train(FROM, CUT);
    List<ModelTrainer.Trained> split = new ModelTrainer(db.database(), ModelRepository.at(three), clock, 3).train(FROM, CUT);

    assertThat(split).hasSize(18).isEqualTo(alone);
    assertThat(split).allSatisfy(t -> assertThat(t.points()).isEqualTo(30 * 60));
    for (Path f : files(one)) {
      assertThat(Files.readAllBytes(three.resolve(f.getFileName()))).as(f.getFileName().toString())
          .isEqualTo(Files.readAllBytes(f));
    }
  }

  @Test
  void aSliceHoldsAboutTwoHundredThousandReadingsAtOnePerMinute() {
    assertThat(ModelTrainer.slice(10)).isEqualTo(Duration.ofHours(12));
    assertThat(ModelTrainer.slice(2_000)).isEqualTo(Duration.ofMinutes(100));
    assertThat(ModelTrainer.slice(1_000_000)).isEqualTo(Duration.ofMinutes(1));
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
