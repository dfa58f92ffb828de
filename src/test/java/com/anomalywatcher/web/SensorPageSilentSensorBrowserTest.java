package com.anomalywatcher.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.cli.Main;
import com.anomalywatcher.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sensor page of a sensor whose last reading is days old (a history sampled with an earlier
 * {@code --end}, a sensor gone offline), opened without a range, in a real browser: it opened on
 * the last 24 h of the wall clock and drew an empty chart.
 */
class SensorPageSilentSensorBrowserTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("sensor-page-silent");

  @Test
  void opensOnTheLastDayOfReadingsOfASensorSilentForDays() {
    Instant end = Clock.systemUTC().instant().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofDays(3));
    sample("--world", "clean", "--days", "1", "--interval", "5", "--sensors", "1", "--seed", "3", "--end", end.toString());
    String sensor = db.queryString("SELECT min(sensor_id) FROM sensors_data");
    ChromeDriver browser = DashboardBrowserTest.openChromium();
    try (DashboardServer server = DashboardServer.start(db.database(),
        new ServeSettings("127.0.0.1", 0, Optional.empty(), Duration.ofMillis(300), Optional.empty()), Clock.systemUTC())) {
      browser.get("http://127.0.0.1:" + server.port() + "/sensors/" + sensor);
      WebElement chart = browser.findElement(By.id("chart"));
      new WebDriverWait(browser, DashboardBrowserTest.WAIT).until(d -> chart.getDomAttribute("data-drawn") != null);

      assertThat(Integer.parseInt(chart.getDomAttribute("data-drawn"))).as("points drawn").isPositive();
      Instant to = Instant.parse((String) browser.executeScript("return new URLSearchParams(location.search).get('to')"));
      assertThat(to).as("end of the range shown").isBetween(end, end.plus(Duration.ofHours(2)));
    } finally {
      browser.quit();
    }
  }

  private static void sample(String... options) {
    String[] args = new String[options.length + 3];
    args[0] = "sample";
    System.arraycopy(options, 0, args, 1, options.length);
    args[options.length + 1] = "--db-url";
    args[options.length + 2] = db.jdbcUrl();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true))).as("%s %s", out, err).isZero();
  }
}
