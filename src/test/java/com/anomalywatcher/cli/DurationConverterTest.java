package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anomalywatcher.monitor.Durations;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  @Test
  void acceptsUnitsFractionsAndCompounds() {
    assertThat(DurationConverter.parse("30s", ChronoUnit.MINUTES)).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationConverter.parse("15m", ChronoUnit.HOURS)).isEqualTo(Duration.ofMinutes(15));
    assertThat(DurationConverter.parse("2h", ChronoUnit.SECONDS)).isEqualTo(Duration.ofHours(2));
    assertThat(DurationConverter.parse("1d", ChronoUnit.MINUTES)).isEqualTo(Duration.ofDays(1));
    assertThat(DurationConverter.parse("500ms", ChronoUnit.MINUTES)).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationConverter.parse("1h30m", ChronoUnit.MINUTES)).isEqualTo(Duration.ofMinutes(90));
    assertThat(DurationConverter.parse("0.5h", ChronoUnit.MINUTES)).isEqualTo(Duration.ofMinutes(30));
    assertThat(DurationConverter.parse("10 min", ChronoUnit.SECONDS)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aBareNumberKeepsTheOriginalUnitOfItsOption() {
    // run --duration was hours in the original; continuous --duration minutes; --interval seconds.
    assertThat(new DurationConverter.Hours().convert("1")).isEqualTo(Duration.ofHours(1));
    assertThat(new DurationConverter.Hours().convert("0.03")).isEqualTo(Duration.ofSeconds(108));
    assertThat(new DurationConverter.Minutes().convert("30")).isEqualTo(Duration.ofMinutes(30));
    assertThat(new DurationConverter.Seconds().convert("60")).isEqualTo(Duration.ofSeconds(60));
    assertThat(new DurationConverter.Days().convert("7")).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void keepsTheSignSoTheOptionCheckCanNameIt() {
    assertThat(DurationConverter.parse("-5", ChronoUnit.MINUTES)).isEqualTo(Duration.ofMinutes(-5));
  }

  @Test
  void rejectsWhatIsNotADurationNamingTheValue() {
    for (String bad : new String[] {"abc", "", "5x", "1h 2", "h", "1..2s"}) {
      assertThatThrownBy(() -> DurationConverter.parse(bad, ChronoUnit.MINUTES))
          .as(bad)
          .isInstanceOf(TypeConversionException.class)
          .hasMessageContaining("'" + bad + "'")
          .hasMessageContaining("a bare number is minutes");
    }
  }

  @Test
  void printsDurationsForPeopleNeverIso() {
    assertThat(Durations.human(Duration.ofMinutes(90))).isEqualTo("1 h 30 min");
    assertThat(Durations.human(Duration.ofSeconds(108))).isEqualTo("1 min 48 s");
    assertThat(Durations.human(Duration.ofMinutes(5))).isEqualTo("5 min");
    assertThat(Durations.human(Duration.ofDays(2).plusHours(3))).isEqualTo("2 d 3 h");
    assertThat(Durations.human(Duration.ofMillis(250))).isEqualTo("250 ms");
    assertThat(Durations.human(Duration.ofMillis(1500))).isEqualTo("1.5 s");
    assertThat(Durations.human(Duration.ZERO)).isEqualTo("0 s");
  }
}
