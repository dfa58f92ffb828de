package com.anomalywatcher.plot;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.DashboardStore.Bucket;
import com.anomalywatcher.store.DashboardStore.Event;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The legend entries for episodes carry a swatch in the episode's colour: rendered to PNG, that colour
 * shows in two separate bands of rows — the block in the plot and, below the axis, the legend's box.
 */
class SensorPlotLegendTest {
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant TO = FROM.plus(Duration.ofHours(12));

  @Test
  void benignAndAnomalyEntriesShowTheirColourInTheLegend() throws IOException {
    List<Bucket> buckets = new ArrayList<>();
    for (int i = 0; i < 72; i++) {
      double v = 20 + Math.sin(i / 6.0);
      buckets.add(new Bucket(FROM.plus(Duration.ofMinutes(10L * i)), v - 0.5, v + 0.5, v, 10));
    }
    List<Event> events = List.of(
        new Event("s1", "benign", "door_open", FROM.plus(Duration.ofHours(2)), FROM.plus(Duration.ofHours(3)), "label"),
        new Event("s1", "anomaly", "spike", FROM.plus(Duration.ofHours(7)), FROM.plus(Duration.ofHours(8)), "label"));
    SensorPlot.Data data = new SensorPlot.Data("s1", "°C", FROM, TO, buckets, events, List.of());
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(ChartFiles.png(SensorPlot.chart(data, 900, 500))));

    assertThat(rowBands(image, SensorPlot.BENIGN)).as("row bands in the benign colour (plot block, legend box)").hasSize(2);
    assertThat(rowBands(image, SensorPlot.ANOMALY)).as("row bands in the anomaly colour (plot block, legend box)").hasSize(2);
  }

  /** Runs of consecutive rows holding at least 4 pixels of {@code fill} drawn over white. */
  private static List<int[]> rowBands(BufferedImage image, Color fill) {
    Color expected = overWhite(fill);
    TreeSet<Integer> rows = new TreeSet<>();
    for (int y = 0; y < image.getHeight(); y++) {
      int hits = 0;
      for (int x = 0; x < image.getWidth(); x++) {
        if (close(new Color(image.getRGB(x, y)), expected)) {
          hits++;
        }
      }
      if (hits >= 4) {
        rows.add(y);
      }
    }
    List<int[]> bands = new ArrayList<>();
    for (int y : rows) {
      if (bands.isEmpty() || bands.get(bands.size() - 1)[1] != y - 1) {
        bands.add(new int[] {y, y});
      } else {
        bands.get(bands.size() - 1)[1] = y;
      }
    }
    return bands;
  }

  private static Color overWhite(Color c) {
    double a = c.getAlpha() / 255.0;
    return new Color((int) Math.round(255 + (c.getRed() - 255) * a), (int) Math.round(255 + (c.getGreen() - 255) * a),
        (int) Math.round(255 + (c.getBlue() - 255) * a));
  }

  private static boolean close(Color a, Color b) {
    return Math.abs(a.getRed() - b.getRed()) <= 3 && Math.abs(a.getGreen() - b.getGreen()) <= 3
        && Math.abs(a.getBlue() - b.getBlue()) <= 3;
  }
}
