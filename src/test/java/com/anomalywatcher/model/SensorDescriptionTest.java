package com.anomalywatcher.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SensorDescriptionTest {

  @Test
  void rejectsEmptyPhysicalRange() {
    assertThatThrownBy(() -> new SensorDescription(Category.OVEN, SensorType.ANALOG, "°C", 350, 0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("physical range").hasMessageContaining("350");
  }

  @Test
  void derivesTheRangeAUnitAllowsWhenTheSourceGivesNone() {
    assertThat(SensorDescription.ofUnit(Category.HEATER, SensorType.ANALOG, "°C", null).physicalMin())
        .isEqualTo(-273.15);
    assertThat(SensorDescription.ofUnit(Category.FAN, SensorType.ANALOG, "rpm", null).physicalMin()).isZero();
    SensorDescription lamp = SensorDescription.ofUnit(Category.LAMP, SensorType.DIGITAL, "io", null);
    assertThat(lamp.physicalMax()).isEqualTo(1);
    assertThat(lamp.isDigital()).isTrue();
  }

  @Test
  void clampsToThePhysicalRangeAndKnowsItsZone() {
    SensorDescription oven =
        new SensorDescription(Category.OVEN, SensorType.ANALOG, "°C", 0, 350, ZoneId.of("Europe/Berlin"));
    assertThat(oven.clamp(-9)).isZero();
    assertThat(oven.clamp(400)).isEqualTo(350);
    assertThat(oven.timeZone()).contains(ZoneId.of("Europe/Berlin"));
  }
}
