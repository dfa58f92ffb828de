package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.model.SensorType;
import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final String OVEN = "oven-restaurant-3fa2c1";

  @TempDir Path tmp;

  private static SensorModel trained(int version, int points) {
    SensorDetector d = SensorDetector.fresh(SensorKind.OVEN_TEMPERATURE.description(), OVEN);
    for (int i = 0; i < points; i++) {
      d.train(T0.plus(Duration.ofMinutes(i)), 200 + Math.sin(i / 5.0), null);
    }
    return new SensorModel(new ModelMetadata(ModelRepository.FORMAT_VERSION, version, OVEN, SensorKind.OVEN_TEMPERATURE.description(),
        T0, T0, T0.plus(Duration.ofMinutes(points)), points, d.parameters(), "test"), d.state());
  }

  @Test
  void savedModelScoresLikeTheOriginal() {
    ModelRepository repo = ModelRepository.at(tmp.resolve("models/anomaly_detection"));
    SensorModel model = trained(1, 300);
    repo.save(model);

    SensorDetector original = SensorDetector.restore(model);
    SensorDetector loaded = SensorDetector.restore(repo.load(OVEN).orElseThrow());
    for (int i = 300; i < 330; i++) {
      double v = i == 320 ? 290 : 200 + Math.sin(i / 5.0);
      Instant t = T0.plus(Duration.ofMinutes(i));
      assertThat(loaded.observe(t, v, null)).isEqualTo(original.observe(t, v, null));
    }
  }

  @Test
  void keepsADescriptionWithAnOpenPhysicalRangeAndATimeZone() {
    ModelRepository repo = ModelRepository.at(tmp);
    SensorDescription boiler = new SensorDescription(Category.HEATER, SensorType.ANALOG, "°C", -273.15,
        Double.POSITIVE_INFINITY, ZoneId.of("Australia/Sydney"));
    SensorDetector d = SensorDetector.fresh(boiler, OVEN);
    repo.save(new SensorModel(new ModelMetadata(ModelRepository.FORMAT_VERSION, 1, OVEN, boiler, T0, T0, T0, 0,
        d.parameters(), "test"), d.state()));

    SensorModel loaded = repo.load(OVEN).orElseThrow();
    assertThat(loaded.metadata().sensor()).isEqualTo(boiler);
    assertThat(SensorDetector.restore(loaded).sensor()).isEqualTo(boiler);
  }

  @Test
  void replacingKeepsOneFileAndNoTemporaryOnes() throws IOException {
    ModelRepository repo = ModelRepository.at(tmp);
    repo.save(trained(repo.nextVersion(OVEN), 50));
    repo.save(trained(repo.nextVersion(OVEN), 60));

    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(OVEN + ".model");
    }
    assertThat(repo.list()).singleElement().satisfies(m -> {
      assertThat(m.metadata().modelVersion()).isEqualTo(2);
      assertThat(m.metadata().points()).isEqualTo(60);
      assertThat(m.bytes()).isPositive();
    });
  }

  @Test
  void missingDirectoryHoldsNoModels() {
    ModelRepository repo = ModelRepository.at(tmp.resolve("nowhere"));

    assertThat(repo.load(OVEN)).isEmpty();
    assertThat(repo.list()).isEmpty();
    assertThat(Files.exists(tmp.resolve("nowhere"))).isFalse();
  }
}
