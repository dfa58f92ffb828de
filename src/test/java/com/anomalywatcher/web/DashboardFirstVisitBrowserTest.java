package com.anomalywatcher.web;

import static com.anomalywatcher.web.DashboardBrowserTest.ids;
import static com.anomalywatcher.web.DashboardBrowserTest.isLive;
import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.web.ReadingsApi.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A page's first visit, in a real browser against a real {@code serve}: each page loads what it
 * shows once when nothing changed between its first answers and its live connection's subscription
 * (every page loaded it all twice: at once, and again when the connection opened, so that nothing
 * between the two was missed; {@code DashboardLiveHeartbeatBrowserTest} has a page that must load
 * again), and what changes while that one load is out still shows: a new sensor's row, a newer
 * reading in the fleet's row and at the sensor chart's right edge. A probe put into each page before
 * its scripts run records the page's requests and live messages, and can hold the answer to one
 * request.
 */
class DashboardFirstVisitBrowserTest {
  private static final String TOKEN = "first-visit-token";
  private static final String AT = "2026-11-30T10:00:00Z";
  /** Short, so a page that is live has heard a few within a second; {@code serve} sends one every 15 s. */
  private static final Duration HEARTBEAT = Duration.ofMillis(200);
  private static final Duration WAIT = Duration.ofSeconds(45);

  /**
   * Set up before a page's own scripts: {@code __probe.requests} (the path of each request the page
   * made), {@code fetching} (how many are unanswered), {@code heard} (each live message), and the
   * first answer to the path HOLD is held from the page ({@code held} says it came) until
   * {@code __probe.release()}.
   */
  private static final String PROBE = """
      (() => {
        const hold = HOLD;
        const probe = window.__probe = { requests: [], fetching: 0, heard: [], held: false };
        const released = new Promise(r => { probe.release = r; });
        let holding = false;
        const fetchOf = window.fetch;
        window.fetch = function (url, options) {
          const path = new URL(url, location.href).pathname;
          probe.requests.push(path);
          probe.fetching++;
          let answer = fetchOf(url, options);
          if (path === hold && !holding) {
            holding = true;
            answer = answer.then(r => { probe.held = true; return released.then(() => r); });
          }
          return answer.finally(() => { probe.fetching--; });
        };
        const WebSocketOf = window.WebSocket;
        window.WebSocket = function (url, protocols) {
          const ws = new WebSocketOf(url, protocols);
          ws.addEventListener('message', e => probe.heard.push(e.data));
          return ws;
        };
      })();
      """;

  @Test
  void eachPageLoadsWhatItShowsOnceOnAFirstVisit() throws Exception {
    ChromeDriver browser = probed(null);
    try (TestDatabase own = TestDatabase.fresh("dashboard-first-visit-once");
        DashboardServer server = serve(own)) {
      ReadingsApi.store(server, TOKEN, Reading.of("fridge-1", "fridge", AT),
          Reading.of("boiler-1", "boiler", AT).in("boiler house"));
      SiteFeed.awaitFleetOf(server, 2);
      String base = "http://127.0.0.1:" + server.port();

      browser.get(base + "/");
      await(browser, d -> ids(d).size() == 2 && settled(d));
      assertThat(requests(browser)).containsExactlyInAnyOrder("/api/sensors", "/api/categories", "/api/sites");

      browser.get(base + "/alerts");
      await(browser, d -> d.findElements(By.cssSelector("#location option")).size() == 3 && settled(d));
      assertThat(requests(browser)).containsExactlyInAnyOrder("/api/alerts", "/api/sites", "/api/locations");

      browser.get(base + "/sensors/fridge-1");
      await(browser, d -> d.findElement(By.id("chart")).getDomAttribute("data-drawn") != null && settled(d));
      assertThat(requests(browser)).containsExactlyInAnyOrder("/api/sensors/fridge-1",
          "/api/sensors/fridge-1/readings", "/api/events", "/api/alerts");
    } finally {
      browser.quit();
    }
  }

  @Test
  void fleetPageShowsASensorAddedWhileItsFirstLoadIsOut() throws Exception {
    ChromeDriver browser = probed("/api/sensors");
    try (TestDatabase own = TestDatabase.fresh("dashboard-first-visit-sensor");
        DashboardServer server = serve(own)) {
      ReadingsApi.store(server, TOKEN, Reading.of("fridge-1", "fridge", AT));
      SiteFeed.awaitFleetOf(server, 1);
      browser.get("http://127.0.0.1:" + server.port() + "/");
      await(browser, d -> isLive(d) && probe(d, "held"));

      ReadingsApi.store(server, TOKEN, Reading.of("boiler-1", "boiler", AT));
      await(browser, d -> heard(d, "{\"type\":\"sensors\"}"));
      release(browser);

      await(browser, d -> ids(d).size() == 2);
      assertThat(ids(browser)).containsExactly("boiler-1", "fridge-1");
    } finally {
      browser.quit();
    }
  }

  @Test
  void fleetPageShowsAReadingHeardWhileItsFirstLoadIsOut() throws Exception {
    ChromeDriver browser = probed("/api/sensors");
    try (TestDatabase own = TestDatabase.fresh("dashboard-first-visit-reading");
        DashboardServer server = serve(own)) {
      ReadingsApi.store(server, TOKEN, Reading.of("fridge-1", "fridge", AT));
      SiteFeed.awaitFleetOf(server, 1);
      browser.get("http://127.0.0.1:" + server.port() + "/");
      await(browser, d -> isLive(d) && probe(d, "held"));

      String later = Instant.parse(AT).plusSeconds(60).toString();
      ReadingsApi.store(server, TOKEN, Reading.of("fridge-1", "fridge", later).reads(5.5));
      await(browser, d -> heard(d, "\"value\":5.5"));
      release(browser);

      // The held answer says 4.2: the reading heard while it was out is newer.
      await(browser, d -> "5.50 °C".equals(DashboardBrowserTest.read(d,
          e -> e.findElement(By.cssSelector("#rows tr[data-sensor='fridge-1'] td.num")).getText())));
    } finally {
      browser.quit();
    }
  }

  @Test
  void sensorPageDrawsAReadingHeardWhileItsFirstLoadIsOut() throws Exception {
    ChromeDriver browser = probed("/api/sensors/fridge-1/readings");
    Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
    try (TestDatabase own = TestDatabase.fresh("dashboard-first-visit-chart");
        DashboardServer server = serve(own)) {
      ReadingsApi.store(server, TOKEN, IntStream.rangeClosed(1, 30).mapToObj(i ->
          Reading.of("fridge-1", "fridge", now.minus(Duration.ofMinutes(i)).toString())).toArray(Reading[]::new));
      SiteFeed.awaitFleetOf(server, 1);
      browser.get("http://127.0.0.1:" + server.port() + "/sensors/fridge-1");
      await(browser, d -> isLive(d) && probe(d, "held"));

      ReadingsApi.store(server, TOKEN, Reading.of("fridge-1", "fridge", now.toString()));
      await(browser, d -> heard(d, "\"t\":" + now.toEpochMilli() + ","));
      release(browser);

      // The held answer ends a minute before: the chart's last point is the reading heard meanwhile.
      String last = String.valueOf(now.toEpochMilli());
      await(browser, d -> last.equals(d.findElement(By.id("chart")).getDomAttribute("data-last-point")));
    } finally {
      browser.quit();
    }
  }

  /** A chromium whose pages carry the probe, holding the first answer to {@code holdPath} (null: none); the caller quits it. */
  private static ChromeDriver probed(String holdPath) {
    ChromeDriver browser = DashboardBrowserTest.openChromium();
    String hold = holdPath == null ? "null" : "'" + holdPath + "'";
    browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PROBE.replace("HOLD", hold)));
    return browser;
  }

  /** A dashboard on any free port with a short heartbeat that takes readings with the token; the caller closes it. */
  private static DashboardServer serve(TestDatabase db) {
    return DashboardServer.start(db.database(), new ServeSettings("127.0.0.1", 0, Optional.of(TOKEN),
        Duration.ofMillis(100), Optional.empty(), HEARTBEAT), Clock.systemUTC());
  }

  /**
   * The page is live, has heard three heartbeats (400 ms or more after it was subscribed: whatever it
   * meant to ask for then, after its 50 ms wait for more, it has asked for) and has every answer.
   */
  private static boolean settled(WebDriver d) {
    return isLive(d) && Boolean.TRUE.equals(script(d, "return window.__probe.fetching === 0"
        + " && window.__probe.heard.filter(m => m.includes('\"heartbeat\"')).length >= 3"));
  }

  /** The paths of the requests the page made. */
  @SuppressWarnings("unchecked")
  private static List<String> requests(WebDriver d) {
    return (List<String>) script(d, "return window.__probe.requests");
  }

  private static boolean probe(WebDriver d, String flag) {
    return Boolean.TRUE.equals(script(d, "return window.__probe." + flag));
  }

  /** Whether the page heard a live message containing {@code text}. */
  private static boolean heard(WebDriver d, String text) {
    return Boolean.TRUE.equals(script(d, "return window.__probe.heard.some(m => m.includes(arguments[0]))", text));
  }

  private static void release(WebDriver d) {
    script(d, "window.__probe.release()");
  }

  private static Object script(WebDriver d, String script, Object... args) {
    return ((JavascriptExecutor) d).executeScript(script, args);
  }

  private static void await(WebDriver browser, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).until(condition::apply);
  }
}
