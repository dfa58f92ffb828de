package com.anomalywatcher.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anomalywatcher.cli.Main;
import com.anomalywatcher.store.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's JSON API, token rules and /metrics over generated data, through real HTTP. */
class DashboardApiTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("dashboard-api");
  @TempDir static Path models;
  static final String TOKEN = "api-test-token";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static DashboardFixture data;
  static DashboardServer server;
  static DashboardServer readOnly;

  @BeforeAll
  static void start() {
    data = DashboardFixture.generate(db, models);
    server = DashboardServer.start(db.database(),
        new ServeSettings("127.0.0.1", 0, Optional.of(TOKEN), Duration.ofMillis(200), Optional.of(models)), Clock.systemUTC());
    readOnly = DashboardServer.start(db.database(),
        new ServeSettings("127.0.0.1", 0, Optional.empty(), Duration.ofMillis(200), Optional.empty()), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (readOnly != null) {
      readOnly.close();
    }
  }

  @Test
  void listsEveryGeneratedSensorAndTheHostileIdAsData() throws Exception {
    JsonNode body = get(server, "/api/sensors").body;

    List<String> ids = new ArrayList<>();
    body.get("sensors").forEach(s -> ids.add(s.get("id").asText()));
    assertThat(body.get("total").asInt()).isGreaterThanOrEqualTo(DashboardFixture.SENSORS + 1);
    assertThat(ids).contains(data.oven, DashboardFixture.HOSTILE_ID);
  }

  @Test
  void filtersAndPagesOnTheServer() throws Exception {
    JsonNode ovens = get(server, "/api/sensors?category=oven").body;
    JsonNode page = get(server, "/api/sensors?offset=2&limit=2").body;

    ovens.get("sensors").forEach(s -> assertThat(s.get("category").asText()).isEqualTo("oven"));
    assertThat(ovens.get("total").asInt()).isEqualTo(2);
    assertThat(page.get("sensors")).hasSize(2);
    assertThat(page.get("total").asInt()).isGreaterThanOrEqualTo(DashboardFixture.SENSORS + 1);
  }

  @Test
  void downsampledReadingsKeepEachBucketsMaximum() throws Exception {
    String from = data.end.minus(Duration.ofDays(3)).toString();
    JsonNode body = get(server, "/api/sensors/" + data.oven + "/readings?from=" + from + "&to=" + data.end + "&points=40").body;

    double top = 0;
    for (JsonNode v : body.get("max")) {
      top = Math.max(top, v.asDouble());
    }
    assertThat(body.get("t").size()).isBetween(30, 41);
    assertThat(top).isEqualTo(Double.parseDouble(
        db.queryString("SELECT max(value)::text FROM sensors_data WHERE sensor_id = ?", data.oven)));
  }

  @Test
  void readingsCarryTheModelsExpectedBand() throws Exception {
    JsonNode body = get(server, "/api/sensors/" + data.oven + "/readings?from=" + data.end.minus(Duration.ofHours(6))
        + "&to=" + data.end + "&points=60").body;

    assertThat(body.get("expectedLow")).hasSameSizeAs(body.get("t"));
    int known = 0;
    for (int i = 0; i < body.get("t").size(); i++) {
      if (!body.get("expectedLow").get(i).isNull()) {
        known++;
        assertThat(body.get("expectedLow").get(i).asDouble()).isLessThanOrEqualTo(body.get("expectedHigh").get(i).asDouble());
      }
    }
    assertThat(known).isPositive();
  }

  @Test
  void eventsOfASensorIncludeItsCaughtEpisode() throws Exception {
    JsonNode body = get(server, "/api/events?sensor=" + data.oven + "&from=" + data.end.minus(Duration.ofDays(2))
        + "&to=" + data.end).body;

    assertThat(body.get("events").findValuesAsText("start")).contains(data.episodeStart.toString());
  }

  @Test
  void alertsFilterBySiteAsTheFleetNamesItAndByLocationType() throws Exception {
    String site = get(server, "/api/sensors/" + enc(data.oven)).body.get("site").asText();
    String location = db.queryString("SELECT location FROM alerts WHERE sensor_id = ? LIMIT 1", data.oven);

    JsonNode atSite = get(server, "/api/alerts?site=" + enc(site)).body.get("alerts");
    JsonNode atLocation = get(server, "/api/alerts?location=" + enc(location)).body.get("alerts");
    JsonNode nowhere = get(server, "/api/alerts?site=" + enc("no such site")).body.get("alerts");

    assertThat(atSite.findValuesAsText("sensor")).contains(data.oven);
    assertThat(atSite.findValuesAsText("site")).containsOnly(site);
    assertThat(atLocation.findValuesAsText("sensor")).contains(data.oven);
    assertThat(atLocation.findValuesAsText("location")).containsOnly(location);
    assertThat(nowhere).isEmpty();
  }

  @Test
  void writesNeedTheToken() throws Exception {
    long id = db.queryLong("SELECT min(id) FROM alerts");
    String ack = "/api/alerts/" + id + "/acknowledge";

    assertThat(post(server, ack, null).status).isEqualTo(401);
    assertThat(post(server, ack, "wrong").status).isEqualTo(401);
    assertThat(post(readOnly, ack, TOKEN).status).isEqualTo(403);
    assertThat(db.queryLong("SELECT count(*) FROM alerts WHERE acknowledged_at IS NOT NULL")).isZero();

    Answer first = post(server, ack, TOKEN);
    Answer again = post(server, ack, TOKEN);
    assertThat(first.status).isEqualTo(200);
    assertThat(first.body.get("result").asText()).isEqualTo("acknowledged");
    assertThat(again.body.get("result").asText()).isEqualTo("already acknowledged");
    assertThat(post(server, "/api/alerts/999999/resolve", TOKEN).status).isEqualTo(404);
  }

  @Test
  void postedReadingsAreStoredAndBadItemsGoToIngestRejects() throws Exception {
    String t = data.end.minus(Duration.ofMinutes(5)).toString();
    String body = "[{\"sensor_id\": \"http-fridge-1\", \"timestamp\": \"" + t + "\", \"value\": 4.2,"
        + " \"category\": \"fridge\", \"unit\": \"°C\"},"
        + " {\"sensor_id\": \"http-fridge-1\", \"timestamp\": \"" + data.end + "\", \"value\": 4.4},"
        + " {\"sensor_id\": \"http-fridge-1\", \"value\": \"warm\"}]";

    Answer unauthorised = post(server, "/api/readings", null, body);
    Answer a = post(server, "/api/readings", TOKEN, body);

    assertThat(unauthorised.status).isEqualTo(401);
    assertThat(a.status).as(a.body.toString()).isEqualTo(200);
    assertThat(a.body.get("readings").asInt()).isEqualTo(2);
    assertThat(a.body.get("rejected")).hasSize(1);
    assertThat(a.body.get("rejected").get(0).get("reason").asText()).contains("warm");
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = 'http-fridge-1'")).isEqualTo(2);
    assertThat(db.queryLong("SELECT count(*) FROM ingest_rejects WHERE source = 'api'")).isEqualTo(1);
  }

  /**
   * The answer lists the rejects in the order of the batch's items: a type the ingestor refuses when
   * it registers the sensor (item 1) was listed after a value it refused while parsing (item 3).
   */
  @Test
  void rejectsAreListedInTheOrderOfTheirItems() throws Exception {
    String t = data.end.minus(Duration.ofMinutes(5)).toString();
    String body = "[{\"sensor_id\": \"http-order-1\", \"timestamp\": \"" + t + "\", \"value\": 1},"
        + " {\"sensor_id\": \"http-order-2\", \"timestamp\": \"" + t + "\", \"value\": 2, \"type\": \"bogus\"},"
        + " {\"sensor_id\": \"http-order-1\", \"timestamp\": \"" + data.end + "\", \"value\": 3},"
        + " {\"sensor_id\": \"http-order-1\", \"value\": \"warm\"}]";

    Answer a = post(server, "/api/readings", TOKEN, body);

    assertThat(a.status).as(a.body.toString()).isEqualTo(200);
    assertThat(a.body.get("readings").asInt()).isEqualTo(2);
    assertThat(a.body.get("rejected")).hasSize(2);
    assertThat(a.body.get("rejected").get(0).get("item").asText()).endsWith("[1]");
    assertThat(a.body.get("rejected").get(0).get("reason").asText()).contains("bogus");
    assertThat(a.body.get("rejected").get(1).get("item").asText()).endsWith("[3]");
    assertThat(a.body.get("rejected").get(1).get("reason").asText()).contains("warm");
  }

  @Test
  void postThatIsNotAJsonArrayIs400AndWritesNothing() throws Exception {
    long rejects = db.queryLong("SELECT count(*) FROM ingest_rejects");

    Answer object = post(server, "/api/readings", TOKEN, "{\"sensor_id\": \"x\", \"value\": 1}");
    Answer garbage = post(server, "/api/readings", TOKEN, "not json");

    assertThat(object.status).isEqualTo(400);
    assertThat(object.body.get("error").asText()).contains("JSON array", "object");
    assertThat(garbage.status).isEqualTo(400);
    assertThat(db.queryLong("SELECT count(*) FROM ingest_rejects")).isEqualTo(rejects);
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = 'x'")).isZero();
  }

  @Test
  void badParameterIsAnsweredWith400NamingItAndItsValue() throws Exception {
    Answer a = get(server, "/api/sensors/" + data.oven + "/readings?from=yesterday");
    Answer b = get(server, "/api/sensors/" + data.oven + "/readings?points=0");

    assertThat(a.status).isEqualTo(400);
    assertThat(a.body.get("error").asText()).contains("from", "yesterday");
    assertThat(b.status).isEqualTo(400);
    assertThat(b.body.get("error").asText()).contains("points", "0");
    Answer c = get(server, "/api/sensors?status=weird");
    assertThat(c.status).isEqualTo(400);
    assertThat(c.body.get("error").asText()).contains("status", "'weird'", "ok, alert, silent");
    assertThat(get(server, "/api/sensors?status=silent").status).isEqualTo(200);
  }

  @Test
  void unknownSensorIs404WithItsNameInJson() throws Exception {
    Answer a = get(server, "/api/sensors/no-such-sensor-1");

    assertThat(a.status).isEqualTo(404);
    assertThat(a.body.get("error").asText()).contains("no-such-sensor-1");
  }

  @Test
  void metricsAreInPrometheusTextFormat() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri(server, "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("# TYPE aw_readings_ingested_total counter", "aw_alerts_open_all ");
  }

  @Test
  void pagesCarryAContentSecurityPolicyWithoutInlineScripts() throws Exception {
    String path = "/sensors/" + URLEncoder.encode(DashboardFixture.HOSTILE_ID, StandardCharsets.UTF_8).replace("+", "%20");
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri(server, path)).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        csp -> assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline' ;", "script-src 'self' 'unsafe"));
    assertThat(r.body()).doesNotContain("onerror");
  }

  @Test
  void refusesToListenBeyondLoopbackWithoutAToken() {
    assertThatThrownBy(() -> new ServeSettings("0.0.0.0", 8080, Optional.empty(), Duration.ofSeconds(1), Optional.empty()))
        .hasMessageContaining("--bind 0.0.0.0").hasMessageContaining("AW_UI_TOKEN");
    assertThat(new ServeSettings("0.0.0.0", 8080, Optional.of("t"), Duration.ofSeconds(1), Optional.empty()).bind()).isEqualTo("0.0.0.0");
  }

  @Test
  void serveRefusesBadOptionsWithExitCode2() {
    StringWriter err = new StringWriter();
    int bind = Main.run(new String[] {"serve", "--bind", "0.0.0.0", "--db-url", db.jdbcUrl()},
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    int port = Main.run(new String[] {"serve", "--port", "70000", "--db-url", db.jdbcUrl()},
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));

    assertThat(bind).isEqualTo(2);
    assertThat(port).isEqualTo(2);
    assertThat(err.toString()).contains("--bind 0.0.0.0", "AW_UI_TOKEN", "--port", "70000");
  }

  record Answer(int status, JsonNode body) {}

  static URI uri(DashboardServer s, String path) {
    return URI.create("http://127.0.0.1:" + s.port() + path);
  }

  static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static Answer get(DashboardServer s, String path) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri(s, path)).build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), JSON.readTree(r.body()));
  }

  static Answer post(DashboardServer s, String path, String token) throws IOException, InterruptedException {
    return post(s, path, token, null);
  }

  static Answer post(DashboardServer s, String path, String token, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(s, path)).POST(body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), JSON.readTree(r.body()));
  }
}
