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
 * Through real HTTP: a foreign site ({@code "site": "store-12"}) whose sensors report different
 * locations is one site to the monitor (it keys by set and site, never location), so the fleet page
 * shows it under one heading too, labelled by its first sensor's place. Keyed by label, it was one
 * heading per location.
 */
class DashboardSiteLocationsTest {
  private static final String TOKEN = "site-locations-token";
  private static final String AT = "2026-11-30T10:00:00Z";

  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("dashboard-site-locations");

  @Test
  void oneSiteReportingSeveralLocationsIsOneHeadingLiveAndWhenLoaded() throws Exception {
    List<String> expected = List.of("dining room store-12", "kitchen, sensor lamp-1");
    try (DashboardServer live = SiteFeed.start(db, Optional.of(TOKEN))) {
      assertThat(ReadingsApi.post(live, TOKEN, readings()).status()).isEqualTo(200);
      SiteFeed.awaitFleetOf(live, 4);
      assertOneHeading(live, expected);
    }
    try (DashboardServer loaded = SiteFeed.start(db, Optional.empty())) {
      assertOneHeading(loaded, expected);
    }
  }

  private static void assertOneHeading(DashboardServer server, List<String> expected) throws Exception {
    List<String> sites = new ArrayList<>();
    DashboardApiTest.get(server, "/api/sites").body().get("sites").forEach(s -> sites.add(s.asText()));
    assertThat(sites).containsExactlyElementsOf(expected);
    JsonNode atStore = DashboardApiTest.get(server, "/api/sensors?site=" + DashboardApiTest.enc("dining room store-12"))
        .body().get("sensors");
    assertThat(atStore.findValuesAsText("id")).containsExactlyInAnyOrder("fan-12", "pump-12", "switch-12");
    assertThat(atStore.findValuesAsText("site")).containsOnly("dining room store-12");
    assertThat(DashboardApiTest.get(server, "/api/sensors/switch-12").body().get("site").asText())
        .isEqualTo("dining room store-12");
  }

  /** A store's fan switch in the kitchen, its fan in the dining room, a pump in the cellar; a lamp naming no site. */
  private static String readings() {
    return "[" + String.join(",",
        reading("switch-12", "kitchen", "{\"site\": \"store-12\"}"),
        reading("fan-12", "dining room", "{\"site\": \"store-12\"}"),
        reading("pump-12", "cellar", "{\"site\": \"store-12\"}"),
        reading("lamp-1", "kitchen", "{}")) + "]";
  }

  private static String reading(String id, String location, String metadata) {
    return ("{\"sensor_id\": \"%s\", \"timestamp\": \"%s\", \"value\": 1, \"category\": \"fan\", \"type\": \"analog\","
        + " \"unit\": \"rpm\", \"location\": \"%s\", \"metadata\": %s}").formatted(id, AT, location, metadata);
  }
}
