package com.anomalywatcher.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.anomalywatcher.cli.Main;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's chromium driven by its chromedriver through Selenium
 * (no driver download: both paths are given). Screenshots land in {@code target/screenshots/}.
 * Skips when chromium is not installed, except under CI ({@code CI=true}), where it fails.
 */
class DashboardBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final String TOKEN = "browser-test-token";
  static final Duration WAIT = Duration.ofSeconds(15);

  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("dashboard-browser");
  @TempDir static Path models;
  @TempDir static Path pages;

  static DashboardFixture data;
  static DashboardServer server;
  static ChromeDriver browser;
  static String base;

  @BeforeAll
  static void start() {
    browser = openChromium();
    data = DashboardFixture.generate(db, models);
    server = DashboardServer.start(db.database(),
        new ServeSettings("127.0.0.1", 0, Optional.of(TOKEN), Duration.ofMillis(300), Optional.of(models)), Clock.systemUTC());
    base = "http://127.0.0.1:" + server.port();
  }

  /**
   * A headless chromium with its console log kept, driven through chromedriver; the caller quits it.
   * Skips the calling test when either is not installed, except under CI ({@code CI=true}), where it fails.
   */
  static ChromeDriver openChromium() {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI needs " + CHROMIUM + " and " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)");
    }
    assumeTrue(installed, "chromium and chromium-driver are not installed (Debian: apt-get install chromium chromium-driver)");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--window-size=1400,1000");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  /** Each test judges only the console messages of its own pages. */
  @BeforeEach
  void forgetEarlierConsoleMessages() {
    browser.manage().logs().get(LogType.BROWSER);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void fleetPageListsTheGeneratedSensorsAndShowsTheHostileIdAsText() throws IOException {
    browser.get(base + "/");
    wait(d -> d.findElements(By.cssSelector("#rows tr[data-sensor]")).size() == DashboardFixture.SENSORS + 1);

    List<String> links = texts(browser, By.cssSelector("#rows tr[data-sensor] a"));
    assertThat(links).hasSize(DashboardFixture.SENSORS + 1).contains(data.oven, DashboardFixture.HOSTILE_ID);
    // particulate matter is stored as 'PM' and shown as the commands show it
    List<String> pm = texts(browser, By.cssSelector("#rows tr[data-sensor^='pm-'] td.num"));
    assertThat(pm).isNotEmpty().allSatisfy(v -> assertThat(v).endsWith(" µg/m³"));
    assertThat(browser.findElements(By.cssSelector("#rows img"))).isEmpty();
    assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    assertThat(scriptErrors()).isEmpty();
    screenshot("fleet.png");
  }

  @Test
  void fleetPageShowsOnOffReadingsAsTheCommandsDo() {
    browser.get(base + "/");
    wait(d -> d.findElements(By.cssSelector("#rows tr[data-sensor]")).size() == DashboardFixture.SENSORS + 1);

    // A lamp or fan switch read '1.00 io'; 'read' and the alerts say '1 (on)'.
    List<String> onOff = texts(browser, By.cssSelector("#rows tr[data-sensor^='lamp-'] td.num,"
        + " #rows tr[data-sensor^='fanswitch-'] td.num"));
    assertThat(onOff).isNotEmpty().allSatisfy(v -> assertThat(v).matches("1 \\(on\\)|0 \\(off\\)"));
    assertThat(scriptErrors()).isEmpty();
  }

  @Test
  void sensorPageShadesTheEpisodeAndMarksItsAlertWithItsExplanation() throws IOException {
    Duration margin = Duration.ofHours(3);
    browser.get(base + "/sensors/" + data.oven + "?from=" + data.episodeStart.minus(margin) + "&to=" + data.episodeEnd.plus(margin));
    WebElement chart = browser.findElement(By.id("chart"));
    wait(d -> chart.getDomAttribute("data-alerts") != null && !"0".equals(chart.getDomAttribute("data-drawn")));

    assertThat(Integer.parseInt(chart.getDomAttribute("data-episodes"))).isPositive();
    assertThat(Integer.parseInt(chart.getDomAttribute("data-alerts"))).isPositive();
    WebElement over = browser.findElement(By.cssSelector("#chart .u-over"));
    int x = Integer.parseInt(chart.getDomAttribute("data-alert-x"));
    new Actions(browser).moveToElement(over, x - over.getSize().getWidth() / 2, 0).perform();
    WebElement tip = browser.findElement(By.id("tip"));
    wait(d -> tip.isDisplayed());
    assertThat(tip.getText()).startsWith("alert ").contains(data.oven);
    assertThat(scriptErrors()).isEmpty();
    screenshot("sensor.png");
  }

  @Test
  void liveReadingAppearsWhileContinuousRuns() throws Exception {
    browser.get(base + "/sensors/" + data.oven);
    WebElement chart = browser.findElement(By.id("chart"));
    wait(d -> chart.getDomAttribute("data-drawn") != null && "live".equals(browser.findElement(By.id("live")).getText()));

    CompletableFuture<Integer> generator = CompletableFuture.supplyAsync(() -> Main.run(new String[] {
        "continuous", "--world", "clean", "--interval", "1", "--sensors", "" + DashboardFixture.SENSORS, "--seed", "" + DashboardFixture.SEED,
        "--duration", "0.1", "--db-url", db.jdbcUrl()}, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true)));
    try {
      // The page is pushed a reading once one is stored; how long the generator takes to start (database,
      // fleet, lease) is the machine's speed, not the page's. One 10 s bound over both came within a factor
      // 2 of failing on a loaded machine (the test took 5.2 s at a load of 14 on 2 cores).
      String live = "SELECT count(*) FROM sensors_data WHERE sensor_id = '" + data.oven + "' AND timestamp >= '" + data.end + "'";
      new WebDriverWait(browser, Duration.ofSeconds(120)).until(d -> generator.isDone() || db.queryLong(live) > 0);
      wait(d -> chart.getDomAttribute("data-last-live") != null);
    } finally {
      assertThat(generator.get()).isZero();
    }
    assertThat(Long.parseLong(chart.getDomAttribute("data-last-live"))).isGreaterThan(data.end.toEpochMilli() - 60_000);
    screenshot("sensor-live.png");
  }

  @Test
  void alertsPageWritesOnlyWithTheToken() throws IOException {
    // Which alerts are still open depends on where "now" cut the generated day: make sure one is.
    db.execute("UPDATE alerts SET resolved_at = NULL WHERE id = (SELECT max(id) FROM alerts)"
        + " AND NOT EXISTS (SELECT 1 FROM alerts WHERE resolved_at IS NULL)");
    browser.get(base + "/alerts");
    wait(d -> !d.findElements(By.cssSelector("#rows tr[data-alert] button")).isEmpty());
    long openBefore = db.queryLong("SELECT count(*) FROM alerts WHERE resolved_at IS NULL");

    browser.executeScript("sessionStorage.setItem('aw-token', 'wrong')");
    clickFirstAlertButton();
    WebElement message = browser.findElement(By.id("message"));
    wait(d -> message.getText().contains("token"));
    assertThat(message.getDomAttribute("class")).isEqualTo("error");
    assertThat(db.queryLong("SELECT count(*) FROM alerts WHERE acknowledged_at IS NOT NULL")).isZero();

    browser.executeScript("sessionStorage.setItem('aw-token', arguments[0])", TOKEN);
    clickFirstAlertButton();
    wait(d -> message.getText().endsWith(": acknowledged"));
    assertThat(db.queryLong("SELECT count(*) FROM alerts WHERE acknowledged_at IS NOT NULL")).isEqualTo(1);
    assertThat(db.queryLong("SELECT count(*) FROM alerts WHERE resolved_at IS NULL")).isEqualTo(openBefore);
    wait(d -> d.findElements(By.xpath("//tbody[@id='rows']/tr/td[text()='acknowledged']")).size() == 1);
    screenshot("alerts.png");
  }

  @Test
  void anAlertWithoutAReadingShowsADashAsItsValueNotABareUnit() throws IOException {
    Instant at = data.end.minus(Duration.ofDays(4)); // before the data: no other test's range sees it
    new AlertStore(db.database()).commit(List.of(new AlertRow(data.oven, "oven", "restaurant", at, at.plusSeconds(600),
        at, 1.0, at, AnomalyKind.OFFLINE, Double.NaN, Double.NaN, Double.NaN, "°C",
        data.oven + ": no reading since 08:02 Sat (local), expected one every 1 min — offline")), List.of(), List.of());
    browser.get(base + "/alerts");
    new Select(browser.findElement(By.id("open"))).selectByValue("");
    browser.findElement(By.id("kind")).sendKeys("offline" + Keys.TAB);

    // The page redraws its rows on every refresh, so the cell is read in one step with its lookup.
    AtomicReference<String> value = new AtomicReference<>();
    wait(d -> {
      value.set(offlineValueCell(d));
      return value.get() != null;
    });

    // It read '°C': the value an offline alert does not have, shown as its unit alone.
    assertThat(value.get()).isEqualTo("—");
    assertThat(scriptErrors()).isEmpty();
    screenshot("alerts-offline.png");
  }

  @Test
  void evaluationPageDrawsItsCharts() throws IOException {
    browser.get(base + "/evaluation");
    wait(d -> d.findElement(By.id("charts")).getDomAttribute("data-drawn") != null);

    assertThat(Integer.parseInt(browser.findElement(By.id("charts")).getDomAttribute("data-drawn"))).isGreaterThanOrEqualTo(3);
    assertThat(scriptErrors()).isEmpty();
    screenshot("evaluation.png");
  }

  @Test
  void evaluationPageDrawsNoRecallBarForAKindThatNeverHappened() throws IOException {
    // The clean world has no bearing wear: one false alert of that kind, before the data (inside the
    // page's default 7 days, outside every other test's range).
    Instant at = data.end.minus(Duration.ofDays(4)).plus(Duration.ofMinutes(30));
    new AlertStore(db.database()).commit(List.of(new AlertRow(data.oven, "oven", "restaurant", at, at.plusSeconds(300),
        at, 0.9, at, AnomalyKind.BEARING_WEAR, 200, 180, 190, "°C", data.oven + ": test — bearing wear")), List.of(), List.of());
    browser.get(base + "/evaluation");
    wait(d -> d.findElement(By.id("charts")).getDomAttribute("data-drawn") != null);

    WebElement recall = browser.findElement(By.cssSelector("#charts figure"));
    List<String> kinds = List.of(recall.getDomAttribute("data-kinds").replaceAll("[\\[\\]\"]", "").split(","));
    String values = recall.getDomAttribute("data-values");
    int i = kinds.indexOf("bearing_wear");
    assertThat(i).isNotNegative();
    // recall 1.0 drew a full bar for it; precision 0 stays a (zero) value
    String recallValues = values.replaceAll(".*\"recall\":\\[([^\\]]*)\\].*", "$1");
    String precisionValues = values.replaceAll(".*\"precision\":\\[([^\\]]*)\\].*", "$1");
    assertThat(recallValues.split(",")[i]).isEqualTo("null");
    assertThat(precisionValues.split(",")[i]).isEqualTo("0");
    assertThat(scriptErrors()).isEmpty();
  }

  @Test
  void evaluateReportOpensWithItsChartsDrawn() throws IOException {
    Path report = pages.resolve("evaluation.html");
    int code = Main.run(new String[] {"evaluate", "--report", report.toString(), "--db-url", db.jdbcUrl()},
        new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
    assertThat(code).isZero();

    browser.get(report.toUri().toString());
    wait(d -> !d.findElements(By.cssSelector("img.chart")).isEmpty());

    Object drawn = browser.executeScript(
        "return [...document.images].filter(i => i.complete && i.naturalWidth > 0).length");
    assertThat(((Number) drawn).intValue()).isEqualTo(browser.findElements(By.cssSelector("img.chart")).size()).isEqualTo(3);
    assertThat(scriptErrors()).isEmpty();
    screenshot("evaluation-report.png");
  }

  /** Clicks the first alert's first button; the table may be redrawn by a live update meanwhile. */
  private static void clickFirstAlertButton() {
    wait(d -> {
      try {
        d.findElement(By.cssSelector("#rows tr[data-alert] button")).click();
        return true;
      } catch (StaleElementReferenceException e) {
        return false;
      }
    });
  }

  /** The value cell of the offline alert's row, or null while there is none (or it was redrawn as it was read). */
  private static String offlineValueCell(WebDriver d) {
    try {
      List<WebElement> cells = d.findElements(By.xpath("//tbody[@id='rows']/tr[td[4]='offline']/td[6]"));
      return cells.isEmpty() ? null : cells.get(0).getText();
    } catch (StaleElementReferenceException e) {
      return null;
    }
  }

  /**
   * What {@code what} reads from the page, read again if the page redrew an element while it was read:
   * a live page reloads its rows and filters on its first connection and on live messages, so an
   * element found a moment ago may be gone.
   */
  static <T> T read(WebDriver browser, Function<WebDriver, T> what) {
    return new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(what::apply);
  }

  /** The texts of the elements {@code by} finds, in page order, read again if the page redrew them meanwhile. */
  static List<String> texts(WebDriver browser, By by) {
    return read(browser, d -> d.findElements(by).stream().map(WebElement::getText).toList());
  }

  /** Whether the page's live badge says its WebSocket is connected. */
  static boolean isLive(WebDriver d) {
    return "live".equals(d.findElement(By.id("live")).getText());
  }

  /** The sensors of the fleet's rows, read at one instant (the page redraws its rows as a whole). */
  @SuppressWarnings("unchecked")
  static List<String> ids(WebDriver d) {
    return (List<String>) ((JavascriptExecutor) d).executeScript(
        "return [...document.querySelectorAll('#rows tr[data-sensor]')].map(r => r.dataset.sensor)");
  }

  /** Waits for the condition; on time-out keeps a screenshot of the page as it was. */
  private static void wait(Function<WebDriver, Boolean> condition) {
    try {
      new WebDriverWait(browser, WAIT).until(condition::apply);
    } catch (TimeoutException e) {
      try {
        screenshot("timed-out.png");
      } catch (IOException | RuntimeException ignored) {
        e.addSuppressed(ignored);
      }
      throw e;
    }
  }

  /** Severe messages of the page's console (script errors, failed requests). */
  private static List<String> scriptErrors() {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
  }

  private static void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

}
