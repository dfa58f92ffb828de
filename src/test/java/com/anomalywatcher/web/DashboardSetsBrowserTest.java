package com.anomalywatcher.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.cli.Main;
import com.anomalywatcher.store.SensorSets;
import com.anomalywatcher.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Two sensor sets on one dashboard, in a real browser and through real HTTP. Every set numbers its
 * sites from 0, and the fleet page showed the sensors of {@code default}, {@code original} and
 * {@code demo} under one heading "restaurant 0".
 */
class DashboardSetsBrowserTest {
  private static final List<String> SETS = List.of("default", "original");
  private static final int SENSORS_PER_SET = 6;

  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("dashboard-sets");

  @Test
  void eachSetsSiteIsItsOwnGroupNamedByItsSet() throws Exception {
    ChromeDriver browser = DashboardBrowserTest.openChromium();
    try (DashboardServer server = startOverTwoSets()) {
      browser.get("http://127.0.0.1:" + server.port() + "/");
      new WebDriverWait(browser, DashboardBrowserTest.WAIT).until(d ->
          d.findElements(By.cssSelector("#rows tr[data-sensor]")).size() == SETS.size() * SENSORS_PER_SET);

      Map<String, List<String>> shown = DashboardBrowserTest.read(browser, d -> groups(d.findElements(By.cssSelector("#rows tr"))));
      SensorSets sets = new SensorSets(db.database());
      assertThat(shown).containsOnlyKeys("set default, restaurant 0", "set original, restaurant 0");
      for (String set : SETS) {
        assertThat(shown.get("set " + set + ", restaurant 0")).as(set).containsExactlyElementsOf(sets.members(set));
      }
      String original = "set original, restaurant 0";
      List<String> sites = new ArrayList<>();
      DashboardApiTest.get(server, "/api/sites").body().get("sites").forEach(s -> sites.add(s.asText()));
      assertThat(sites).containsExactlyElementsOf(shown.keySet());
      assertThat(DashboardApiTest.get(server, "/api/sensors?site=" + DashboardApiTest.enc(original)).body()
          .get("sensors").findValuesAsText("id")).containsExactlyInAnyOrderElementsOf(sets.members("original"));

      String sensor = sets.members("original").get(0);
      browser.get("http://127.0.0.1:" + server.port() + "/sensors/" + sensor);
      new WebDriverWait(browser, DashboardBrowserTest.WAIT).until(d -> d.findElement(By.id("about")).getText().contains(original));
    } finally {
      browser.quit();
    }
  }

  private static DashboardServer startOverTwoSets() {
    long seed = 3;
    for (String set : SETS) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      String[] args = {"sample", "--set", set, "--world", "clean", "--days", "1", "--interval", "30",
          "--sensors", "" + SENSORS_PER_SET, "--seed", "" + seed++, "--db-url", db.jdbcUrl()};
      assertThat(Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true))).as("%s %s", out, err).isZero();
    }
    return DashboardServer.start(db.database(),
        new ServeSettings("127.0.0.1", 0, Optional.empty(), Duration.ofMillis(300), Optional.empty()), Clock.systemUTC());
  }

  /** The fleet table's rows as heading -> the sensor ids under it, in page order. */
  private static Map<String, List<String>> groups(List<WebElement> rows) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    List<String> current = null;
    for (WebElement row : rows) {
      if (row.getAttribute("class").contains("site")) {
        current = new ArrayList<>();
        groups.put(row.getText(), current);
      } else if (current != null) {
        current.add(row.getAttribute("data-sensor"));
      }
    }
    return groups;
  }
}
