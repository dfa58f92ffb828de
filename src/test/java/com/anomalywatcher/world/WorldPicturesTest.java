package com.anomalywatcher.world;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.anomaly.Difficulty;
import com.anomalywatcher.sim.SensorKind;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorldPicturesTest {
  @TempDir Path dir;

  @Test
  void drawsOnePngPerSensorKindWithItsWeek() throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<WorldPictures.Picture> pictures = WorldPictures.write(new WorldPictures.Request(dir,
        Instant.parse("2026-01-19T00:00:00Z"), 7, 0.03, Difficulty.NORMAL, ZoneId.of("Europe/Berlin")));

    assertThat(pictures).extracting(WorldPictures.Picture::kind).containsExactly(SensorKind.values());
    for (WorldPictures.Picture p : pictures) {
      BufferedImage image = ImageIO.read(p.file().toFile());
      assertThat(image.getWidth()).isEqualTo(1600);
      assertThat(p.readings()).isBetween(7 * 1440 * 9 / 10, 7 * 1440);
    }
    assertThat(pictures.stream().mapToInt(WorldPictures.Picture::benignEvents).sum()).isPositive();
    assertThat(pictures.stream().mapToInt(WorldPictures.Picture::anomalies).sum()).isPositive();
  }
}
