package com.anomalywatcher.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fleet page's sites, through real HTTP, for sensors another program sends in ({@code POST
 * /api/readings}, as over MQTT): by the rule the monitor pairs a fan with its switch by. A device's
 * own {@code "set"} that is no set name (a setpoint) put a fan under a site of its own here while
 * the monitor kept it with its switch; and every restaurant sensor naming no site was one site
 * "restaurant" here, as it was one site for pairing.
 */
class DashboardSitesTest {
  private static final String TOKEN = "sites-test-token";
  private static final String AT = "2026-11-30T10:00:00Z";

  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("dashboard-sites");

  @Test
  void sitesFollowTheMonitorsRuleLiveAndWhenLoaded() throws Exception {
    List<String> expected = List.of("restaurant 0", "restaurant, sensor lamp-1", "restaurant, sensor lamp-2",
        "set a, restaurant 0", "set b, restaurant 0");
    try (DashboardServer live = SiteFeed.start(db, Optional.of(TOKEN))) {
      assertThat(ReadingsApi.post(live, TOKEN, readings()).status()).isEqualTo(200);
      SiteFeed.awaitFleetOf(live, 8);

      assertThat(sites(live)).containsExactlyElementsOf(expected);
      assertThat(idsAt(live, "restaurant 0")).containsExactlyInAnyOrder("fanswitch-1", "fan-1", "fan-2", "fan-3");
    }
    try (DashboardServer loaded = SiteFeed.start(db, Optional.empty())) {
      assertThat(sites(loaded)).containsExactlyElementsOf(expected);
      assertThat(idsAt(loaded, "restaurant 0")).containsExactlyInAnyOrder("fanswitch-1", "fan-1", "fan-2", "fan-3");
      assertThat(idsAt(loaded, "set a, restaurant 0")).containsExactly("fan-a");
      assertThat(DashboardApiTest.get(loaded, "/api/sensors/fan-1").body().get("set").isNull()).isTrue();
      assertThat(DashboardApiTest.get(loaded, "/api/sensors/fan-a").body().get("set").asText()).isEqualTo("a");
    }
  }

  /**
   * One restaurant's fan switch and three fans that report a setpoint as {@code "set"} (a number, an
   * object, a text that is no set name); two sets' fans published by {@code continuous --publish};
   * two lamps naming no site.
   */
  private static String readings() {
    return "[" + String.join(",",
        reading("fanswitch-1", "digital", "io", "{\"site\": 0}"),
        reading("fan-1", "analog", "rpm", "{\"set\": 1200, \"site\": 0}"),
        reading("fan-2", "analog", "rpm", "{\"set\": {\"rpm\": 1200}, \"site\": 0}"),
        reading("fan-3", "analog", "rpm", "{\"set\": \"Eco Mode\", \"site\": 0}"),
        reading("fan-a", "analog", "rpm", "{\"set\": \"a\", \"site\": 0}"),
        reading("fan-b", "analog", "rpm", "{\"set\": \"b\", \"site\": 0}"),
        reading("lamp-1", "digital", "io", "{}"),
        reading("lamp-2", "digital", "io", "{\"serial\": \"L2\"}")) + "]";
  }

  private static String reading(String id, String type, String unit, String metadata) {
    String category = id.startsWith("lamp") ? "lamp" : "fan";
    return "{\"sensor_id\": \"%s\", \"timestamp\": \"%s\", \"value\": 1, \"category\": \"%s\", \"type\": \"%s\", \"unit\": \"%s\", \"location\": \"restaurant\", \"metadata\": %s}"
        .formatted(id, AT, category, type, unit, metadata);
  }

  private static List<String> sites(DashboardServer server) throws Exception {
    List<String> sites = new ArrayList<>();
    DashboardApiTest.get(server, "/api/sites").body().get("sites").forEach(s -> sites.add(s.asText()));
    return sites;
  }

  private static List<String> idsAt(DashboardServer server, String site) throws Exception {
    JsonNode sensors = DashboardApiTest.get(server, "/api/sensors?site=" + DashboardApiTest.enc(site)).body().get("sensors");
    return sensors.findValuesAsText("id");
  }
}
