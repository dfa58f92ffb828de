package com.anomalywatcher.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/** A program sending readings to a dashboard's {@code POST /api/readings}, for the ingest, site and browser tests. */
final class ReadingsApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ReadingsApi() {}

  /** The server's answer: its HTTP status and JSON body. */
  record Answer(int status, JsonNode body) {}

  /**
   * One reading as a site's own program sends it: a sensor of {@code category} in a cold room of site
   * {@code store-9}, reading {@code value} °C at {@code at} (ISO-8601); {@link #in} and {@link #reads}
   * give another location or value.
   */
  record Reading(String sensor, String category, String at, String location, double value) {
    Reading {
      Objects.requireNonNull(sensor, "sensor");
      Objects.requireNonNull(category, "category");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(location, "location");
    }

    /** The sensor's reading of 4.2 °C in the cold room at {@code at}. */
    static Reading of(String sensor, String category, String at) {
      return new Reading(sensor, category, at, "cold room", 4.2);
    }

    /** The same reading from {@code place}. */
    Reading in(String place) {
      return new Reading(sensor, category, at, place, value);
    }

    /** The same reading with {@code celsius} as its value. */
    Reading reads(double celsius) {
      return new Reading(sensor, category, at, location, celsius);
    }

    /** The reading as a JSON object of {@code POST /api/readings}. */
    String json() {
      ObjectNode o = JSON.createObjectNode().put("sensor_id", sensor).put("timestamp", at).put("value", value)
          .put("category", category).put("unit", "°C").put("location", location);
      o.putObject("metadata").put("site", "store-9");
      try {
        return JSON.writeValueAsString(o);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write a reading as JSON", e);
      }
    }
  }

  /** Posts the readings with the bearer {@code token} and asserts the server stored them all. */
  static void store(DashboardServer server, String token, Reading... readings) throws Exception {
    Answer a = post(server, token, Arrays.stream(readings).map(Reading::json).collect(Collectors.joining(",", "[", "]")));
    assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
    assertThat(a.body().get("rejected")).as(a.body().toString()).isEmpty();
  }

  /** Posts {@code body} with the bearer {@code token}. */
  static Answer post(DashboardServer server, String token, String body) throws Exception {
    return post(server, token, body, null);
  }

  /** Posts {@code body} with the bearer {@code token} and, unless null, an {@code Idempotency-Key}. */
  static Answer post(DashboardServer server, String token, String body, String idempotencyKey) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/readings"))
        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body));
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), JSON.readTree(r.body()));
  }
}
