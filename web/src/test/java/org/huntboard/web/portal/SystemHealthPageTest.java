package org.huntboard.web.portal;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.huntboard.web.run.service.HuntRunner;
import org.huntboard.web.run.service.RunLedger;
import org.huntboard.web.security.DevHeaders;
import org.huntboard.web.support.Callers;
import org.huntboard.web.support.MutableClock;
import org.huntboard.web.support.RecordingHuntExecutor;
import org.huntboard.web.support.TestTenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The portal's health page in a real browser: what an administrator reads, and who may not. */
@QuarkusTest
class SystemHealthPageTest {

  private static Browser browser;

  @Inject MutableClock clock;
  @Inject HuntRunner runner;
  @Inject RecordingHuntExecutor executor;
  @Inject RunLedger ledger;

  @TestHTTPResource("/")
  URL root;

  @BeforeAll
  static void startBrowser() {
    browser = Browser.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @Test
  void adminReadsTheChecksTheSchedulerNodesAndTheLastDaysFailures() {
    // A run whose connector is down, so that the page has a failure of the last day to explain.
    UUID tenant = TestTenants.localTenant("Health");
    // The window that ended on the last full hour, run shortly after; then the page is read at
    // the real time, the time the scheduler nodes' check-ins are stamped with.
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    clock.set(hour.minus(Duration.ofMinutes(30)));
    UUID assignment = TestTenants.assign(tenant, PortalJourneyTest.TIGERVNC, "PT1H", "P1D");
    executor.connectorDown(assignment, true);
    clock.set(hour.plusSeconds(90));
    runner.runDue(assignment, "node-test");
    clock.reset();

    Page erin = admin();
    erin.navigate("/");
    erin.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("System health")).click();

    assertThat(erin.locator("h1")).hasText("System health");
    Locator database = erin.locator("tr[data-check=huntboard-database]");
    assertThat(database.locator(".check-status")).hasText("up");
    assertThat(database).containsText("The schema is at version");
    Locator scheduler = erin.locator("tr[data-check=huntboard-scheduler]");
    assertThat(scheduler.locator(".check-status")).hasText("up");
    assertThat(scheduler).containsText("The job store is clustered.");

    Locator nodes =
        erin.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Scheduler cluster"));
    assertThat(nodes.locator("tbody tr").first()).containsText("this node");
    assertThat(nodes.locator("tbody tr").first()).containsText("checking in");
    assertThat(nodes.locator("tbody tr").first()).containsText("UTC");

    assertThat(erin.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Run queue")))
        .containsText("Windows due");
    Locator runs =
        erin.getByRole(
            AriaRole.REGION, new Page.GetByRoleOptions().setName("Runs of the last day"));
    assertThat(runs.locator("table.outcomes")).containsText("failed");
    // Other tests' failures of the day may share the class; the count is not this test's alone.
    assertThat(runs.locator("ul.health")).containsText("unavailable:");
    assertThat(runs).containsText("Check the service's status if it lasts");
    Locator failure = runs.locator("a[href^='/t/" + tenant + "/runs/']");
    assertThat(failure).hasCount(1);
    assertThat(runs).containsText("connection refused: the service is down");
    assertThat(erin.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Gaps")))
        .containsText("Waiting to be filled");
    Browser.screenshot(erin, "system-health", true);

    // The failure links to the run's page in its tenant.
    failure.click();
    assertThat(erin.locator("h1")).containsText("Run of");
    assertThat(erin.locator("#outcome-title")).hasText("Why it failed");
    assertThat(erin.locator("main")).containsText("connection refused: the service is down");
  }

  @Test
  void adminSeesTheTenantWhoseMissedWindowsWaitAmongTheGaps() {
    UUID tenant = TestTenants.localTenant("Gaps");
    String name =
        Callers.admin()
            .get("/api/v1/tenants/{t}", tenant)
            .then()
            .statusCode(200)
            .extract()
            .path("displayName");
    // Six hours that passed before the assignment: all but the newest window are backfill.
    String id =
        Callers.admin()
            .body(
                Map.of(
                    "ruleId",
                    PortalJourneyTest.TIGERVNC,
                    "connector",
                    "LOCAL",
                    "frequency",
                    "PT1H",
                    "lookback",
                    "PT1H",
                    "backfill",
                    "PT6H"))
            .post("/api/v1/tenants/{t}/assignments", tenant)
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    RunLedger.Planned planned = ledger.planDue(UUID.fromString(id));
    assertThat(planned.backfill()).isPositive();

    Page erin = admin();
    erin.navigate("/system/health");
    Locator gaps = erin.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Gaps"));
    Locator row = gaps.locator("tbody tr", new Locator.LocatorOptions().setHasText(name));
    assertThat(row).hasCount(1);
    String backfill = String.valueOf(planned.backfill());
    assertThat(row.locator("td").nth(0)).hasText(backfill);
    assertThat(row.locator("td").nth(1)).hasText(backfill);
    assertThat(row.getByRole(AriaRole.LINK)).hasAttribute("href", "/t/" + tenant + "/runs");
  }

  @Test
  void nobodyButAnAdminSeesTheLinkOrThePage() {
    UUID tenant = TestTenants.localTenant("NotAdmin");
    for (String role : List.of("analyst", "rule-owner", "auditor")) {
      Page page =
          browser.open(
              root.toString(),
              Map.of(
                  DevHeaders.ACTOR,
                  "dave",
                  DevHeaders.TENANTS,
                  tenant.toString(),
                  DevHeaders.ROLES,
                  role));
      page.navigate("/t/" + tenant);
      assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Dashboard")))
          .isVisible();
      assertThat(
              page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("System health")))
          .hasCount(0);

      var response = page.navigate("/system/health");
      assertThat(response.status()).as(role).isEqualTo(403);
      assertThat(page.locator("h1")).hasText("Forbidden");
      assertThat(page.locator(".error-page")).containsText("Your role does not allow this");
      assertThat(page.content())
          .as(role)
          .doesNotContain("Exception")
          .doesNotContain("at org.")
          .doesNotContain("huntboard-database");
      page.context().close();
    }
  }

  private Page admin() {
    return browser.open(
        root.toString(),
        Map.of(DevHeaders.ACTOR, "erin", DevHeaders.TENANTS, "*", DevHeaders.ROLES, "admin"));
  }
}
