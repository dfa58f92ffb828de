package com.anomalywatcher.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anomalywatcher.model.Location;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetTest {

  @Test
  void assignsKindsRoundRobinAndSitesBySix() {
    List<SensorSpec> fleet = Fleet.create(30, 7);

    for (int i = 0; i < fleet.size(); i++) {
      SensorSpec s = fleet.get(i);
      assertThat(s.kind()).isEqualTo(SensorKind.values()[i % 6]);
      assertThat(s.site()).isEqualTo(i / 6);
      assertThat(s.location()).isEqualTo(Location.values()[(i / 6) % 4]);
    }
  }

  @Test
  void idsShowKindAndLocationAndAreUnique() {
    List<SensorSpec> fleet = Fleet.create(600, 7);

    assertThat(fleet).allSatisfy(s -> assertThat(s.sensorId())
        .matches("^[a-z]+-(restaurant|supermarket|factory|warehouse)-[0-9a-f]{6}$")
        .startsWith(s.kind().prefix() + "-" + s.location().dbName() + "-"));
    assertThat(new HashSet<>(fleet.stream().map(SensorSpec::sensorId).toList())).hasSize(600);
  }

  @Test
  void idsAreStableForTheSeedWhateverTheFleetSize() {
    assertThat(Fleet.create(12, 7)).isEqualTo(Fleet.create(12, 7));
    assertThat(Fleet.create(100, 7).subList(0, 12)).isEqualTo(Fleet.create(12, 7));
    assertThat(Fleet.create(12, 8)).isNotEqualTo(Fleet.create(12, 7));
  }

  @Test
  void sixSensorsGiveOneOfEachKind() {
    assertThat(Fleet.create(6, 1).stream().map(SensorSpec::kind)).containsExactly(SensorKind.values());
  }

  @Test
  void rejectsEmptyFleet() {
    assertThatThrownBy(() -> Fleet.create(0, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
  }
}
