package com.anomalywatcher.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.DashboardStore.Alert;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How an alert reads in the JSON API the pages format. */
class AlertApiTest {
  private static final Instant OPENED = Instant.parse("2026-12-04T18:30:21Z");

  @Test
  void anOfflineAlertHasANullValueNotTheStringNaN() throws Exception {
    // An offline alert has no reading to show: the monitor stores its value as NaN.
    Alert offline = new Alert(186, "pm-supermarket-30ffec", "pm", "supermarket", OPENED, null, null, 1.0, OPENED,
        "offline", Double.NaN, Double.NaN, Double.NaN, "PM", "pm-supermarket-30ffec: no reading since 13:29 Fri (local)");

    String json = new ObjectMapper().writeValueAsString(AlertApi.json(offline));

    // The alerts page did v.toFixed on "NaN" and showed only "v.toFixed is not a function".
    assertThat(json).contains("\"value\":null").doesNotContain("NaN");
  }

  @Test
  void aValuedAlertKeepsItsValueAndRange() throws Exception {
    Alert drop = new Alert(1, "heater-restaurant-6d0b9f", "heater", "restaurant", OPENED, null, null, 1.0, OPENED,
        "drop", 39.2, 41.1, 44.6, "°C", "heater-restaurant-6d0b9f: 39.2 °C, expected 41.1–44.6 °C — drop");

    String json = new ObjectMapper().writeValueAsString(AlertApi.json(drop));

    assertThat(json).contains("\"value\":39.2", "\"expectedLow\":41.1", "\"expectedHigh\":44.6");
  }
}
