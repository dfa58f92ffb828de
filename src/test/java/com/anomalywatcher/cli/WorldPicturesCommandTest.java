package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code world pictures} prints one aligned line per picture, whatever the --out directory. */
class WorldPicturesCommandTest {
  @TempDir Path dir;

  @Test
  void sensorIdsStartInOneColumnOnEveryLine() {
    CommandRun r = CommandRun.of("world", "pictures", "--out", dir.resolve("world").toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(6);
    // docs/world/fanswitch.png is 24 characters: it pushed its sensor id out of the column.
    List<Integer> columns = lines.stream().map(l -> {
      Matcher path = Pattern.compile("^\\S+\\s+").matcher(l);
      assertThat(path.find()).as(l).isTrue();
      return path.end();
    }).distinct().toList();
    assertThat(columns).as(r.out()).hasSize(1);
  }
}
