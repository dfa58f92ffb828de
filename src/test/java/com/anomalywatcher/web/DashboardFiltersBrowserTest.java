package com.anomalywatcher.web;

import static com.anomalywatcher.web.DashboardBrowserTest.isLive;
import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.web.ReadingsApi.Reading;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A site's own sensors (a fridge in a cold room, a boiler in a boiler house, sent to
 * {@code POST /api/readings}), in a real browser: the fleet page's category filter offers the
 * categories the fleet has and the alerts page's location filter its locations. Both lists were
 * written into the pages (oven, heater, lamp, fan, pm; restaurant, supermarket, factory, warehouse),
 * so sensors of any other category or location could not be filtered by them; and they were loaded
 * once per page load, so a sensor of a new category arriving later was not offered until a reload.
 */
class DashboardFiltersBrowserTest {
  private static final String TOKEN = "filters-token";
  private static final String AT = "2026-11-30T10:00:00Z";

  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("dashboard-filters");

  @Test
  void filtersOfferTheFleetsOwnCategoriesAndLocations() throws Exception {
    ChromeDriver browser = DashboardBrowserTest.openChromium();
    try (DashboardServer server = SiteFeed.start(db, Optional.of(TOKEN))) {
      ReadingsApi.store(server, TOKEN, Reading.of("fridge-1", "fridge", AT).in("cold room"),
          Reading.of("fridge-2", "fridge", AT).in("cold room"), Reading.of("boiler-1", "boiler", AT).in("boiler house"));
      SiteFeed.awaitFleetOf(server, 3);
      assertThat(texts(DashboardApiTest.get(server, "/api/categories").body().get("categories")))
          .containsExactly("boiler", "fridge");
      assertThat(texts(DashboardApiTest.get(server, "/api/locations").body().get("locations")))
          .containsExactly("boiler house", "cold room");

      browser.get("http://127.0.0.1:" + server.port() + "/");
      await(browser, d -> rows(d).size() == 3);
      Select category = new Select(browser.findElement(By.id("category")));
      await(browser, d -> category.getOptions().size() == 3);
      assertThat(DashboardBrowserTest.texts(browser, By.cssSelector("#category option")))
          .containsExactly("all categories", "boiler", "fridge");
      choose(browser, category, "fridge");
      await(browser, d -> rows(d).size() == 2);
      assertThat(shownSensors(browser)).containsExactly("fridge-1", "fridge-2");

      browser.get("http://127.0.0.1:" + server.port() + "/alerts");
      Select location = new Select(browser.findElement(By.id("location")));
      await(browser, d -> location.getOptions().size() == 3);
      assertThat(DashboardBrowserTest.texts(browser, By.cssSelector("#location option")))
          .containsExactly("all locations", "boiler house", "cold room");
    } finally {
      browser.quit();
    }
  }

  /**
   * A sensor of a new category or location arriving while a page is open (from any writer: MQTT, a
   * CSV import, {@code POST /api/readings} as here; the dashboard follows the database) is offered by
   * the fleet page's and the alerts page's filters at once, and the choice already made stays.
   */
  @Test
  void filtersOfferANewSensorsCategoryAndLocationWithoutAReload() throws Exception {
    ChromeDriver browser = DashboardBrowserTest.openChromium();
    try (TestDatabase own = TestDatabase.fresh("dashboard-filters-live");
        DashboardServer server = SiteFeed.start(own, Optional.of(TOKEN))) {
      ReadingsApi.store(server, TOKEN, Reading.of("fridge-1", "fridge", AT).in("cold room"),
          Reading.of("fridge-2", "fridge", AT).in("cold room"));
      SiteFeed.awaitFleetOf(server, 2);

      browser.get("http://127.0.0.1:" + server.port() + "/");
      Select category = new Select(browser.findElement(By.id("category")));
      await(browser, d -> category.getOptions().size() == 2 && isLive(d));
      choose(browser, category, "fridge");
      await(browser, d -> rows(d).size() == 2);

      ReadingsApi.store(server, TOKEN, Reading.of("boiler-1", "boiler", AT).in("boiler house"));

      await(browser, d -> category.getOptions().size() == 3);
      assertThat(DashboardBrowserTest.texts(browser, By.cssSelector("#category option")))
          .containsExactly("all categories", "boiler", "fridge");
      assertThat(category.getFirstSelectedOption().getText()).isEqualTo("fridge");
      assertThat(shownSensors(browser)).containsExactly("fridge-1", "fridge-2");

      browser.get("http://127.0.0.1:" + server.port() + "/alerts");
      Select location = new Select(browser.findElement(By.id("location")));
      await(browser, d -> location.getOptions().size() == 3 && isLive(d));

      ReadingsApi.store(server, TOKEN, Reading.of("freezer-1", "freezer", AT).in("freezer room"));

      await(browser, d -> location.getOptions().size() == 4);
      assertThat(DashboardBrowserTest.texts(browser, By.cssSelector("#location option")))
          .containsExactly("all locations", "boiler house", "cold room", "freezer room");
    } finally {
      browser.quit();
    }
  }

  /** Chooses {@code value}: the page follows the select's input event, which a person's choice fires; ChromeDriver's fires only change. */
  private static void choose(ChromeDriver browser, Select select, String value) {
    select.selectByValue(value);
    browser.executeScript("arguments[0].dispatchEvent(new Event('input'))", select.getWrappedElement());
  }

  private static void await(WebDriver browser, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, DashboardBrowserTest.WAIT).until(condition::apply);
  }

  private static List<WebElement> rows(WebDriver d) {
    return d.findElements(By.cssSelector("#rows tr[data-sensor]"));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The sensors of the fleet's rows, read again if the page redrew them meanwhile. */
  private static List<String> shownSensors(WebDriver browser) {
    return DashboardBrowserTest.read(browser, d -> rows(d).stream().map(r -> r.getAttribute("data-sensor")).toList());
  }
}
