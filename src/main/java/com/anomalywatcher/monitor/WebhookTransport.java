package com.anomalywatcher.monitor;

import com.anomalywatcher.store.OutboxStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * POSTs each alert event to a URL, either as the alert's own JSON (with {@code idempotency_key})
 * or as a Prometheus Alertmanager alert list ({@code POST /api/v2/alerts} format: labels,
 * annotations, {@code startsAt}, {@code endsAt} once resolved), so Alertmanager's routing,
 * grouping, silencing and paging apply. The key also goes in an {@code Idempotency-Key} header.
 * A 2xx answer is a delivery; anything else is retried.
 */
final class WebhookTransport implements AlertTransport {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final URI uri;
  private final WebhookFormat format;
  private final HttpClient client;
  private final Duration timeout;

  WebhookTransport(URI uri, WebhookFormat format, Duration timeout) {
    this.uri = uri;
    this.format = format;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Scheme, host, port and path; a hash stands for the rest (user info and query may hold secrets). */
  @Override
  public String sinkName() {
    String shown = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
    return "webhook " + shown + " " + format.name().toLowerCase(Locale.ROOT) + " #" + hash(uri.toString());
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public void send(OutboxStore.Pending event) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", event.idempotencyKey())
        .POST(HttpRequest.BodyPublishers.ofString(body(event))).build();
    HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("HTTP " + response.statusCode());
    }
  }

  String body(OutboxStore.Pending event) throws IOException {
    ObjectNode json = (ObjectNode) MAPPER.readTree(event.payloadJson());
    json.put("idempotency_key", event.idempotencyKey());
    return switch (format) {
      case JSON -> MAPPER.writeValueAsString(json);
      case ALERTMANAGER -> MAPPER.writeValueAsString(alertmanager(json));
    };
  }

  private static ArrayNode alertmanager(JsonNode a) {
    ObjectNode alert = MAPPER.createObjectNode();
    ObjectNode labels = alert.putObject("labels");
    labels.put("alertname", "SensorAnomaly");
    labels.put("sensor_id", a.path("sensor_id").asText());
    labels.put("category", a.path("category").asText());
    labels.put("location", a.path("location").asText());
    labels.put("kind", a.path("kind").asText());
    labels.put("severity", "warning");
    ObjectNode annotations = alert.putObject("annotations");
    annotations.put("summary", a.path("explanation").asText());
    if (a.path("value").isNumber()) { // an offline alert has no value: no "null rpm"
      annotations.put("value", a.path("value").asText() + " " + a.path("unit").asText());
    }
    annotations.put("peak_score", a.path("peak_score").asText());
    annotations.put("idempotency_key", a.path("idempotency_key").asText());
    alert.put("startsAt", a.path("opened_at").asText());
    if (!a.path("resolved_at").isNull() && !a.path("resolved_at").isMissingNode()) {
      alert.put("endsAt", a.path("resolved_at").asText());
    }
    ArrayNode list = MAPPER.createArrayNode();
    list.add(alert);
    return list;
  }
}
