package org.huntboard.web.portal;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's chromium driven by Playwright for the portal's journeys: one browser per test class, one
 * context per person, with every dialog and console error a page raises recorded, so a test can
 * prove that no injected script ran.
 *
 * <p>Without {@code /usr/bin/chromium} a test skips, saying why, except in CI ({@code CI=true}),
 * where it fails: CI installs the package, so its absence there is a broken machine.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** The laptop screen the journeys and the screenshots use. */
  static final int WIDTH = 1366;

  static final int HEIGHT = 768;

  private final Playwright playwright;
  private final com.microsoft.playwright.Browser chromium;
  private final List<String> dialogs = Collections.synchronizedList(new ArrayList<>());
  private final List<String> consoleErrors = Collections.synchronizedList(new ArrayList<>());

  private Browser() {
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    chromium =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    // Tests run as root here, where chromium's sandbox cannot start.
                    .setArgs(List.of("--no-sandbox", "--disable-dev-shm-usage")));
  }

  /** Starts chromium, or skips (outside CI) or fails (in CI) when it is not installed. */
  static Browser start() {
    if (!Files.isExecutable(CHROMIUM)) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(CHROMIUM + " is missing in CI: .ci/run installs the chromium package");
      }
      Assumptions.assumeTrue(
          false, CHROMIUM + " is not installed (apt-get install -y chromium); browser tests skip");
    }
    return new Browser();
  }

  /** A new page for a person, identified to the portal by the given request headers. */
  Page open(String baseUrl, Map<String, String> headers) {
    BrowserContext context =
        chromium.newContext(
            new com.microsoft.playwright.Browser.NewContextOptions()
                .setBaseURL(baseUrl)
                .setViewportSize(WIDTH, HEIGHT)
                .setExtraHTTPHeaders(headers));
    Page page = context.newPage();
    page.onDialog(
        dialog -> {
          dialogs.add(dialog.type() + ": " + dialog.message());
          dialog.dismiss();
        });
    page.onConsoleMessage(
        message -> {
          if ("error".equals(message.type())) {
            consoleErrors.add(message.text());
          }
        });
    page.onPageError(error -> consoleErrors.add("page error: " + error));
    return page;
  }

  /** Forgets the dialogs and console errors recorded so far. */
  void clearEvents() {
    dialogs.clear();
    consoleErrors.clear();
  }

  /** Every dialog any page opened (alert, confirm, prompt). */
  List<String> dialogs() {
    return List.copyOf(dialogs);
  }

  /** Every console error and uncaught page error. */
  List<String> consoleErrors() {
    return List.copyOf(consoleErrors);
  }

  /**
   * Saves a screenshot of the page into the folder named by the system property {@code
   * portal.screenshots}, if it is set; normal runs leave the tree alone. (It is not under {@code
   * huntboard.}, where a setting the application does not know fails its start.)
   */
  static void screenshot(Page page, String name) {
    screenshot(page, name, false);
  }

  /** {@link #screenshot(Page, String)} of the whole page when {@code fullPage}, not the screen. */
  static void screenshot(Page page, String name, boolean fullPage) {
    String dir = System.getProperty("portal.screenshots");
    if (dir == null || dir.isBlank()) {
      return;
    }
    page.screenshot(
        new Page.ScreenshotOptions()
            .setPath(Path.of(dir).resolve(name + ".png"))
            .setFullPage(fullPage));
  }

  @Override
  public void close() {
    chromium.close();
    playwright.close();
  }
}
