package com.anomalywatcher.monitor;

import com.anomalywatcher.store.ReadingStore.SensorRow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Which site a sensor is on: the {@code site} number its metadata reports, else its location (the
 * two agree for up to 24 sensors). A fan switch and a fan speed sensor on one site are a pair.
 */
final class Sites {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Sites() {}

  static String siteOf(SensorRow r) {
    if (r.metadataJson() != null) {
      try {
        JsonNode site = MAPPER.readTree(r.metadataJson()).get("site");
        if (site != null && !site.isNull()) {
          return "site:" + site.asText();
        }
      } catch (IOException e) {
        // unreadable metadata: fall back to the location
      }
    }
    return "location:" + r.location();
  }
}
