package com.anomalywatcher.web;

import static com.anomalywatcher.web.DashboardBrowserTest.isLive;
import static com.anomalywatcher.web.DashboardBrowserTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.web.ReadingsApi.Reading;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The fleet page's live connection in a real browser, through a proxy that can freeze it: a
 * connection that dies without a close (here: frozen both ways, as by a laptop's sleep or a NAT
 * dropping it) is noticed by the server's heartbeat falling silent, and the page reconnects and
 * loads again; a sensor added after the page's first load but before its connection opened shows
 * too.
 */
class DashboardLiveHeartbeatBrowserTest {
  private static final String TOKEN = "heartbeat-token";
  private static final String AT = "2026-11-30T10:00:00Z";
  /** Short, so silence shows in 1.5 s; {@code serve} sends one every 15 s. */
  private static final Duration HEARTBEAT = Duration.ofMillis(500);
  private static final Duration WAIT = Duration.ofSeconds(45);

  @Test
  void fleetPageReconnectsWhenItsConnectionGoesSilentWithoutAClose() throws Exception {
    ChromeDriver browser = DashboardBrowserTest.openChromium();
    try (TestDatabase own = TestDatabase.fresh("dashboard-heartbeat-silent");
        DashboardServer server = serve(own);
        FreezableProxy proxy = new FreezableProxy(server.port())) {
      ReadingsApi.store(server, TOKEN, Reading.of("fridge-1", "fridge", AT));
      SiteFeed.awaitFleetOf(server, 1);
      browser.get("http://127.0.0.1:" + proxy.port() + "/");
      await(browser, d -> ids(d).size() == 1 && isLive(d));
      browser.executeScript("window.badges = [];"
          + "new MutationObserver(() => window.badges.push(document.getElementById('live').textContent))"
          + ".observe(document.getElementById('live'), {childList: true, characterData: true, subtree: true})");

      proxy.freeze();
      ReadingsApi.store(server, TOKEN, Reading.of("boiler-1", "boiler", AT));

      await(browser, d -> ids(d).size() == 2 && isLive(d));
      assertThat(ids(browser)).containsExactly("boiler-1", "fridge-1");
      assertThat(badges(browser)).as("the badge said so while it reconnected").contains("live: reconnecting");
    } finally {
      browser.quit();
    }
  }

  @Test
  void fleetPageShowsASensorAddedBeforeItsConnectionOpened() throws Exception {
    ChromeDriver browser = DashboardBrowserTest.openChromium();
    try (TestDatabase own = TestDatabase.fresh("dashboard-heartbeat-start");
        DashboardServer server = serve(own);
        FreezableProxy proxy = new FreezableProxy(server.port())) {
      ReadingsApi.store(server, TOKEN, Reading.of("fridge-1", "fridge", AT));
      SiteFeed.awaitFleetOf(server, 1);
      proxy.holdNewLiveConnections();
      browser.get("http://127.0.0.1:" + proxy.port() + "/");
      await(browser, d -> ids(d).size() == 1);
      assertThat(isLive(browser)).as("the page's connection is held").isFalse();

      // The server tells its connected pages of the new sensor before the page's connection opens.
      CompletableFuture<Void> told = new CompletableFuture<>();
      WebSocket other = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/api/live"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence text, boolean last) {
              if (text.toString().contains("\"sensors\"")) {
                told.complete(null);
              }
              ws.request(1);
              return null;
            }
          }).get(30, TimeUnit.SECONDS);
      try {
        ReadingsApi.store(server, TOKEN, Reading.of("boiler-1", "boiler", AT));
        told.get(30, TimeUnit.SECONDS);
      } finally {
        other.abort();
      }
      proxy.release();

      await(browser, d -> isLive(d) && ids(d).size() == 2);
      assertThat(ids(browser)).containsExactly("boiler-1", "fridge-1");
    } finally {
      browser.quit();
    }
  }

  /** A dashboard on any free port with a short heartbeat that takes readings with the token; the caller closes it. */
  private static DashboardServer serve(TestDatabase db) {
    return DashboardServer.start(db.database(), new ServeSettings("127.0.0.1", 0, Optional.of(TOKEN),
        Duration.ofMillis(100), Optional.empty(), HEARTBEAT), Clock.systemUTC());
  }

  private static void await(WebDriver browser, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).until(condition::apply);
  }

  /** What the live badge said since the observer was put on it. */
  @SuppressWarnings("unchecked")
  private static List<String> badges(ChromeDriver browser) {
    return (List<String>) browser.executeScript("return window.badges");
  }
}
