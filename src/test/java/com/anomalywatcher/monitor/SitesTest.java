package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.ReadingStore.SensorRow;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link Sites#siteOf}: which sensors are one site, so a fan is judged by its own switch. */
class SitesTest {
  private static SensorRow row(String id, String metadata, String registeredSet) {
    return new SensorRow(id, "analog", "fan", "rpm", "restaurant", metadata, registeredSet,
        Instant.parse("2026-11-30T00:00:00Z"));
  }

  @Test
  void aPublishedSetNameSeparatesTwoSetsSiteZero() {
    assertThat(Sites.siteOf(row("fan-a", "{\"set\": \"a\", \"site\": 0}", null)))
        .isNotEqualTo(Sites.siteOf(row("fan-b", "{\"set\": \"b\", \"site\": 0}", null)))
        .isEqualTo(Sites.siteOf(row("switch-a", "{\"set\": \"a\", \"site\": 0}", null)));
  }

  @Test
  void aDevicesOwnSetThatIsNoSetNameDoesNotPartAFanFromItsSwitch() {
    // another program's fan reports its speed setpoint as "set"; its switch reports none
    String sw = Sites.siteOf(row("switch-1", "{\"site\": 0}", null));
    assertThat(Sites.siteOf(row("fan-1", "{\"set\": 1200, \"site\": 0}", null))).isEqualTo(sw);
    assertThat(Sites.siteOf(row("fan-2", "{\"set\": {\"rpm\": 1200}, \"site\": 0}", null))).isEqualTo(sw);
    assertThat(Sites.siteOf(row("fan-3", "{\"set\": \"Eco Mode\", \"site\": 0}", null))).isEqualTo(sw);
  }

  @Test
  void aSensorWhoseMetadataNamesNoSiteIsASiteOfItsOwn() {
    // two restaurants' devices written into one database by another program, none naming its site:
    // each fan was judged by whichever restaurant's switch had read last
    String fan = Sites.siteOf(row("fan-1", "{\"serial\": \"f1\"}", null));
    assertThat(fan).isNotEqualTo(Sites.siteOf(row("switch-1", "{}", null)))
        .isNotEqualTo(Sites.siteOf(row("switch-2", null, null)))
        .isNotEqualTo(Sites.siteOf(row("switch-3", "{\"site\": \"  \"}", null)))
        .isNotEqualTo(Sites.siteOf(row("switch-4", "{\"site\": null, \"set\": \"a\"}", null)))
        .isEqualTo(Sites.siteOf(row("fan-1", "{}", null)));
  }

  @Test
  void aSiteTheMetadataNamesPairsSensorsWhateverElseItSays() {
    assertThat(Sites.siteOf(row("fan-1", "{\"site\": \"store-12\", \"serial\": \"f1\"}", null)))
        .isEqualTo(Sites.siteOf(row("switch-1", "{\"site\": \"store-12\", \"battery\": 80}", null)))
        .isNotEqualTo(Sites.siteOf(row("switch-2", "{\"site\": \"store-13\"}", null)));
  }

  @Test
  void aRegisteredSetComesBeforeThePublishedOne() {
    assertThat(Sites.siteOf(row("fan-a", "{\"set\": \"b\", \"site\": 0}", "a")))
        .isEqualTo(Sites.siteOf(row("switch-a", "{\"site\": 0}", "a")));
  }
}
