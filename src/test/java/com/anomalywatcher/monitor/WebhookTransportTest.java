package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.OutboxStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The Alertmanager body of an alert event, built from the outbox payload (no receiver needed). */
class WebhookTransportTest {
  private static final WebhookTransport ALERTMANAGER =
      new WebhookTransport(null, URI.create("http://127.0.0.1:9/x"), WebhookFormat.ALERTMANAGER, List.of(),
          Duration.ofSeconds(1), "test-key");

  private static JsonNode annotations(String payload) throws Exception {
    OutboxStore.Pending p = new OutboxStore.Pending(1, ALERTMANAGER.sinkName(), "7-1", "opened", "fan-x", payload,
        Instant.parse("2026-12-04T18:30:21Z"), 0, null, null);
    return new ObjectMapper().readTree(ALERTMANAGER.body(p)).get(0).get("annotations");
  }

  @Test
  void anOfflineAlertWithoutAValueGetsNoValueAnnotation() throws Exception {
    JsonNode a = annotations("""
        {"sensor_id":"fan-x","category":"fan","location":"shop","opened_at":"2026-12-04T18:30:21Z","resolved_at":null,
         "peak_score":1.0,"kind":"offline","value":null,"unit":"rpm","explanation":"fan-x: no reading since 13:29"}""");

    assertThat(a.has("value")).as(a.toString()).isFalse();
    assertThat(a.get("summary").asText()).contains("no reading");
  }

  @Test
  void aValuedAlertCarriesValueAndUnit() throws Exception {
    JsonNode a = annotations("""
        {"sensor_id":"fan-x","category":"fan","location":"shop","opened_at":"2026-12-04T18:30:21Z","resolved_at":null,
         "peak_score":0.9,"kind":"stall","value":9.5,"unit":"rpm","explanation":"fan-x: 9.5 rpm"}""");

    assertThat(a.get("value").asText()).isEqualTo("9.5 rpm");
  }
}
