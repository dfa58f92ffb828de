package com.anomalywatcher.web;

import static com.anomalywatcher.web.DashboardBrowserTest.isLive;
import static com.anomalywatcher.web.DashboardBrowserTest.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.web.ReadingsApi.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The open pages keep up with a fleet that changes, in a real browser against real {@code serve}s:
 * a sensor that starts reporting while the fleet page is open gets its row at once, without moving
 * what the reader looks at; and after the live connection was down (here: {@code serve} stopped and
 * started again on its port while another {@code serve} took readings) the pages load again what the
 * connection would have told them: the new sensor's row and category, its location on the alerts
 * page, the sensor chart's gap.
 */
class DashboardLiveResyncBrowserTest {
  private static final String TOKEN = "resync-token";
  private static final String AT = "2026-11-30T10:00:00Z";
  /** Reconnects back off from 1 s to 2, 4, 8 s; a restart takes a few seconds under load. */
  private static final Duration WAIT = Duration.ofSeconds(45);

  @Test
  void fleetPageShowsANewSensorsRowKeepingFiltersPageAndScroll() throws Exception {
    ChromeDriver browser = DashboardBrowserTest.openChromium();
    try (TestDatabase own = TestDatabase.fresh("dashboard-new-rows");
        DashboardServer server = serve(own, 0)) {
      List<Reading> fleet = new ArrayList<>();
      IntStream.rangeClosed(10, 69).forEach(i -> fleet.add(Reading.of("fridge-" + i, "fridge", AT)));
      ReadingsApi.store(server, TOKEN, fleet.toArray(Reading[]::new));
      SiteFeed.awaitFleetOf(server, 60);

      browser.get("http://127.0.0.1:" + server.port() + "/");
      await(browser, d -> ids(d).size() == 60 && isLive(d));
      WebElement anchor = browser.findElement(By.cssSelector("#rows tr[data-sensor='fridge-40']"));
      browser.executeScript("arguments[0].scrollIntoView()", anchor);
      long scrolled = scrollY(browser);
      double anchorTop = top(browser, "fridge-40");
      assertThat(scrolled).as("the page scrolls").isPositive();

      // Sorted by id within the site: both new rows come above the one in view.
      ReadingsApi.store(server, TOKEN, Reading.of("fridge-01", "fridge", AT), Reading.of("boiler-01", "boiler", AT));

      await(browser, d -> ids(d).size() == 62);
      assertThat(ids(browser)).startsWith("boiler-01", "fridge-01", "fridge-10");
      assertThat(top(browser, "fridge-40")).as("the row in view stays put").isCloseTo(anchorTop, within(2.0));

      browser.executeScript("window.scrollTo(0, 0)");
      type(browser, "q", "fridge-0");
      await(browser, d -> ids(d).equals(List.of("fridge-01")));
      ReadingsApi.store(server, TOKEN, Reading.of("fridge-02", "fridge", AT), Reading.of("boiler-02", "boiler", AT));
      await(browser, d -> ids(d).equals(List.of("fridge-01", "fridge-02")));
      assertThat(browser.findElement(By.id("q")).getAttribute("value")).isEqualTo("fridge-0");
    } finally {
      browser.quit();
    }
  }

  @Test
  void fleetPageCatchesUpAfterTheServerRestarts() throws Exception {
    ChromeDriver browser = DashboardBrowserTest.openChromium();
    try (TestDatabase own = TestDatabase.fresh("dashboard-resync-fleet")) {
      DashboardServer first = serve(own, 0);
      int port = first.port();
      try {
        ReadingsApi.store(first, TOKEN, Reading.of("fridge-1", "fridge", AT), Reading.of("fridge-2", "fridge", AT));
        SiteFeed.awaitFleetOf(first, 2);
        browser.get("http://127.0.0.1:" + port + "/");
        Select category = new Select(browser.findElement(By.id("category")));
        await(browser, d -> ids(d).size() == 2 && category.getOptions().size() == 2 && isLive(d));
      } finally {
        first.close();
      }
      await(browser, d -> !isLive(d));
      writeMeanwhile(own, Reading.of("boiler-1", "boiler", AT));

      try (DashboardServer again = serve(own, port)) {
        await(browser, d -> isLive(d) && ids(d).size() == 3);
        assertThat(ids(browser)).containsExactly("boiler-1", "fridge-1", "fridge-2");
        Select category = new Select(browser.findElement(By.id("category")));
        await(browser, d -> category.getOptions().size() == 3);
        assertThat(DashboardBrowserTest.texts(browser, By.cssSelector("#category option")))
            .containsExactly("all categories", "boiler", "fridge");
      }
    } finally {
      browser.quit();
    }
  }

  @Test
  void alertsPageOffersANewLocationAfterTheServerRestarts() throws Exception {
    ChromeDriver browser = DashboardBrowserTest.openChromium();
    try (TestDatabase own = TestDatabase.fresh("dashboard-resync-alerts")) {
      DashboardServer first = serve(own, 0);
      int port = first.port();
      try {
        ReadingsApi.store(first, TOKEN, Reading.of("fridge-1", "fridge", AT));
        SiteFeed.awaitFleetOf(first, 1);
        browser.get("http://127.0.0.1:" + port + "/alerts");
        Select location = new Select(browser.findElement(By.id("location")));
        await(browser, d -> location.getOptions().size() == 2 && isLive(d));
      } finally {
        first.close();
      }
      await(browser, d -> !isLive(d));
      writeMeanwhile(own, Reading.of("boiler-1", "boiler", AT).in("boiler house"));

      try (DashboardServer again = serve(own, port)) {
        Select location = new Select(browser.findElement(By.id("location")));
        await(browser, d -> isLive(d) && location.getOptions().size() == 3);
        assertThat(DashboardBrowserTest.texts(browser, By.cssSelector("#location option")))
            .containsExactly("all locations", "boiler house", "cold room");
      }
    } finally {
      browser.quit();
    }
  }

  @Test
  void sensorPageFillsTheChartsGapAfterTheServerRestarts() throws Exception {
    ChromeDriver browser = DashboardBrowserTest.openChromium();
    Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
    Instant lastBefore = now.minus(Duration.ofMinutes(20));
    try (TestDatabase own = TestDatabase.fresh("dashboard-resync-sensor")) {
      DashboardServer first = serve(own, 0);
      int port = first.port();
      try {
        ReadingsApi.store(first, TOKEN, IntStream.range(0, 30).mapToObj(i ->
            Reading.of("fridge-1", "fridge", lastBefore.minus(Duration.ofMinutes(i)).toString())).toArray(Reading[]::new));
        SiteFeed.awaitFleetOf(first, 1);
        browser.get("http://127.0.0.1:" + port + "/sensors/fridge-1");
        await(browser, d -> isLive(d) && !lastPoint(d).isEmpty());
        assertThat(Long.parseLong(lastPoint(browser))).isLessThanOrEqualTo(lastBefore.toEpochMilli());
      } finally {
        first.close();
      }
      await(browser, d -> !isLive(d));
      // Readings of the time the page was not connected (up to now: the chart ends at the present).
      writeMeanwhile(own, IntStream.range(0, 15).mapToObj(i ->
          Reading.of("fridge-1", "fridge", now.minus(Duration.ofMinutes(i)).toString())).toArray(Reading[]::new));

      try (DashboardServer again = serve(own, port)) {
        Instant gap = now.minus(Duration.ofMinutes(10));
        await(browser, d -> isLive(d) && !lastPoint(d).isEmpty() && Long.parseLong(lastPoint(d)) > gap.toEpochMilli());
      }
    } finally {
      browser.quit();
    }
  }

  /** A dashboard on {@code db} at {@code port} (0: any free one) that takes readings with the token; the caller closes it. */
  private static DashboardServer serve(TestDatabase db, int port) {
    return DashboardServer.start(db.database(),
        new ServeSettings("127.0.0.1", port, Optional.of(TOKEN), Duration.ofMillis(100), Optional.empty()), Clock.systemUTC());
  }

  /** Readings stored while the page's own server is down: through another {@code serve}'s HTTP ingest. */
  private static void writeMeanwhile(TestDatabase db, Reading... readings) throws Exception {
    try (DashboardServer other = serve(db, 0)) {
      ReadingsApi.store(other, TOKEN, readings);
    }
  }

  private static void await(WebDriver browser, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).until(condition::apply);
  }

  private static long scrollY(ChromeDriver browser) {
    return ((Number) browser.executeScript("return Math.round(window.scrollY)")).longValue();
  }

  /** Where the sensor's row is in the window, in CSS pixels from its top. */
  private static double top(ChromeDriver browser, String sensor) {
    return ((Number) browser.executeScript("return document.querySelector(\"#rows tr[data-sensor='\" + arguments[0]"
        + " + \"']\").getBoundingClientRect().top", sensor)).doubleValue();
  }

  /** The time (epoch ms) of the sensor chart's last point, empty before it is drawn. */
  private static String lastPoint(WebDriver d) {
    String v = d.findElement(By.id("chart")).getAttribute("data-last-point");
    return v == null ? "" : v;
  }

  /** Types into a filter field: the page follows its input event, as a person's typing fires it. */
  private static void type(ChromeDriver browser, String field, String text) {
    WebElement e = browser.findElement(By.id(field));
    e.clear();
    e.sendKeys(text);
    browser.executeScript("arguments[0].dispatchEvent(new Event('input'))", e);
  }
}
