package com.anomalywatcher.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.anomalywatcher.cli.Main;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.StoppableDatabase;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard through a database outage, in a real browser: the open fleet page keeps its rows,
 * shows the outage line in a banner while the database is down (pushed over the WebSocket), and
 * drops the banner when it is back; {@code serve} says each once.
 */
class DashboardOutageBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void openPageShowsTheOutageAndRecovers() {
    Path chromium = DashboardBrowserTest.CHROMIUM;
    Path driver = DashboardBrowserTest.CHROMEDRIVER;
    boolean installed = Files.isExecutable(chromium) && Files.isExecutable(driver);
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI needs " + chromium + " and " + driver);
    }
    assumeTrue(installed, "chromium and chromium-driver are not installed");
    List<String> said = new CopyOnWriteArrayList<>();
    try (StoppableDatabase pg = new StoppableDatabase(dir.resolve("pg"));
        Database db = Database.connect(pg.jdbcUrl())) {
      StringWriter err = new StringWriter();
      assertThat(Main.run(new String[] {"sample", "--sensors", "6", "--days", "1", "--seed", "61", "--db-url", pg.jdbcUrl()},
          new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))).as(err.toString()).isZero();
      ChromeOptions options = new ChromeOptions();
      options.setBinary(chromium.toFile());
      options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
          "--disable-component-update", "--no-first-run", "--window-size=1400,1000");
      ChromeDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
          .usingDriverExecutable(new File(driver.toString())).usingAnyFreePort().build(), options);
      try (DashboardServer server = DashboardServer.start(db, new ServeSettings("127.0.0.1", 0, Optional.empty(),
          Duration.ofMillis(300), Optional.empty()), Clock.systemUTC(), said::add)) {
        browser.get("http://127.0.0.1:" + server.port() + "/");
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(d -> d.findElements(By.cssSelector("#rows tr[data-sensor]")).size() == 6);
        wait.until(d -> "live".equals(d.findElement(By.id("live")).getText()));

        pg.stop();
        wait.until(d -> banner(d.findElements(By.id("outage"))).contains("database unavailable since"));
        assertThat(browser.findElements(By.cssSelector("#rows tr[data-sensor]"))).hasSize(6);

        pg.start();
        wait.until(d -> banner(d.findElements(By.id("outage"))).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#rows tr[data-sensor]"))).hasSize(6);
      } finally {
        browser.quit();
      }
    }
    assertThat(said).hasSize(2);
    assertThat(said.get(0)).startsWith("database unavailable since ").endsWith(", retrying");
    assertThat(said.get(1)).startsWith("database available again at ");
  }

  /** The banner's text while it is shown, else empty. */
  private static String banner(List<WebElement> found) {
    return found.isEmpty() || !found.get(0).isDisplayed() ? "" : found.get(0).getText();
  }
}
