package com.anomalywatcher.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A program sending readings to a dashboard's {@code POST /api/readings}, for the ingest and site tests. */
final class ReadingsApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ReadingsApi() {}

  /** The server's answer: its HTTP status and JSON body. */
  record Answer(int status, JsonNode body) {}

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
