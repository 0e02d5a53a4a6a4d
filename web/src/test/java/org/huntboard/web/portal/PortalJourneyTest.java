package org.huntboard.web.portal;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.huntboard.connectors.local.generate.GeneratorOptions;
import org.huntboard.connectors.local.generate.TelemetryGenerator;
import org.huntboard.web.run.service.HuntRunner;
import org.huntboard.web.security.DevHeaders;
import org.huntboard.web.support.Callers;
import org.huntboard.web.support.MutableClock;
import org.huntboard.web.support.RecordingHuntExecutor;
import org.huntboard.web.support.TestTenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portal in a real browser: each role's journey through the TigerVNC hunt on generated
 * telemetry, and a stored-XSS probe whose payloads sit in the telemetry fields the pages show.
 */
@QuarkusTest
class PortalJourneyTest {

  static final String TIGERVNC = "dc1950c0-efeb-4695-aa95-74198df5dab8";
  static final Instant NOW = Instant.parse("2026-05-10T12:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  /** Telemetry text that would run script if a page put it into HTML unescaped. */
  static final String XSS_DEVICE = "<img src=x onerror=alert('device')>.corp.contoso.com";

  static final String XSS_URL = "\"><script>alert('url')</script>.example.org";
  static final String XSS_COMMAND =
      "vncviewer.exe <svg onload=alert('cmd')> -via \"><script>alert(1)</script>";

  private static Browser browser;

  @Inject MutableClock clock;
  @Inject HuntRunner runner;
  @Inject RecordingHuntExecutor executor;

  @TestHTTPResource("/")
  URL root;

  @TempDir Path dir;

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
  void analystProposesTheRemoteDesktopExclusionFromADetectionAndARuleOwnerApprovesIt()
      throws IOException {
    Hunt hunt = huntOnGeneratedTelemetry("Hooli");
    Page alice = person("alice", hunt.tenant, "analyst");
    alice.navigate(
        "/t/"
            + hunt.tenant
            + "/detections?device="
            + java.net.URLEncoder.encode(hunt.remoteDesktopDevice, StandardCharsets.UTF_8));
    alice.locator("tbody tr a").first().click();
    alice
        .getByRole(
            AriaRole.LINK,
            new Page.GetByRoleOptions().setName("Propose an exclusion from this detection"))
        .click();

    assertThat(alice.locator("h1")).containsText("Propose an exclusion");
    assertThat(alice.locator("#from-title + dl")).containsText(hunt.remoteDesktopDevice);
    // The live check answers while the filter is typed (htmx), before anything is sent.
    alice.getByLabel("A filter of my own").check();
    alice.locator("#p-filter").pressSequentially("process.command_line contans \"mstsc\"");
    assertThat(alice.locator("#filter-findings")).containsText("error");
    alice.locator("#p-filter").fill("");
    alice.locator("#p-filter").pressSequentially("process.command_line contains \"mstsc\"");
    assertThat(alice.locator("#filter-findings")).not().containsText("error");
    Browser.screenshot(alice, "propose-exclusion");

    alice.getByLabel("Template: Remote Desktop Administration via TigerVNC").check();
    alice.getByLabel("Ticket (optional)").fill("CHG-4711");
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Propose")).click();
    assertThat(alice.locator("h1")).containsText("proposed");
    assertThat(alice.locator("#decide-title + p"))
        .containsText("a rule owner other than you decides");
    assertThat(alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve")))
        .hasCount(0);
    alice
        .getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Run the backtest"))
        .click();
    assertThat(alice.locator("#backtest-title + p")).containsText("would hide");
    assertThat(alice.locator("#backtest-title ~ table")).containsText(hunt.remoteDesktopDevice);
    String exclusionPath = new URL(alice.url()).getPath();

    Page bob = person("bob", hunt.tenant, "rule-owner");
    bob.navigate(exclusionPath);
    Browser.screenshot(bob, "exclusion-backtest");
    bob.getByLabel("Comment on approving")
        .fill("Checked with IT: mstsc sessions to the admin jump hosts");
    bob.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve")).click();
    assertThat(bob.locator("h1")).containsText("approved");
    assertThat(bob.locator(".comments")).containsText("Checked with IT");

    // The next run applies it: its page shows the rows the exclusion suppressed.
    clock.set(NOW.plus(Duration.ofHours(1)).plusSeconds(90));
    assertThat(runner.runDue(hunt.assignment, "node-test").finished()).isEqualTo(1);
    clock.set(NOW.plus(Duration.ofHours(1)).plusSeconds(120));
    bob.navigate("/t/" + hunt.tenant + "/runs");
    bob.locator("tbody tr a").first().click();
    assertThat(bob.locator("#outcome-title + table"))
        .containsText(exclusionPath.substring(exclusionPath.lastIndexOf('/') + 1));
    assertThat(bob.locator("#kql-title")).hasText("The exact KQL sent");
    assertThat(bob.locator("pre.kql")).containsText("HuntboardExclusion");
    Browser.screenshot(bob, "run-with-suppression");
    bob.navigate(exclusionPath);
    assertThat(bob.locator(".facts")).not().containsText("0 rows hidden over 0 runs");
    assertThat(browser.dialogs()).isEmpty();
  }

  @Test
  void analystTriagesATigerVncDetectionFromTheDashboard() throws IOException {
    Hunt hunt = huntOnGeneratedTelemetry("Acme");
    Page alice = person("alice", hunt.tenant, "analyst");

    alice.navigate("/");
    // One tenant: the start page goes straight to its dashboard.
    assertThat(alice.locator("h1")).hasText(hunt.name);
    assertThat(alice.locator("svg.chart rect.bar").first()).isVisible();
    assertThat(
            alice.getByRole(
                AriaRole.REGION, new Page.GetByRoleOptions().setName("Connector health")))
        .containsText("local: healthy");
    assertThat(alice.locator("#runs-title + table")).containsText("succeeded");
    Browser.screenshot(alice, "dashboard");

    alice
        .getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Detections").setExact(true))
        .click();
    assertThat(alice.locator("h1")).hasText("Detections");
    Browser.screenshot(alice, "detections");
    alice.getByLabel("Device name or id").fill(hunt.remoteDesktopDevice);
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")).click();
    assertThat(alice.locator("tbody tr")).hasCount(hunt.remoteDesktopPairs);
    alice.locator("tbody tr a").first().click();

    assertThat(alice.locator("h1")).containsText(hunt.remoteDesktopDevice);
    assertThat(alice.locator(".facts")).containsText(hunt.remoteDesktopUrl);
    assertThat(alice.locator("#runs-title + table")).containsText("succeeded");
    Browser.screenshot(alice, "detection");
    alice.getByLabel("New state").selectOption("ACKNOWLEDGED");
    alice
        .getByLabel("Comment (optional)")
        .fill("Remote desktop administration by IT, see ticket 4711");
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change state")).click();

    assertThat(alice.getByRole(AriaRole.STATUS)).containsText("triage state was changed");
    assertThat(alice.locator(".facts")).containsText("acknowledged");
    assertThat(alice.locator(".comments")).containsText("ticket 4711");
    assertThat(alice.locator(".comments")).containsText("alice");

    alice.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Audit")).click();
    assertThat(alice.locator("table")).containsText("detection.triaged");
    assertThat(alice.locator(".verification")).containsText("The audit chain is intact");
    assertThat(browser.dialogs()).isEmpty();
  }

  @Test
  void ruleOwnerReschedulesAndRunsTheRuleNowWhileThePageFollowsTheRun() throws IOException {
    Hunt hunt = huntOnGeneratedTelemetry("Globex");
    Page bob = person("bob", hunt.tenant, "rule-owner");

    bob.navigate("/t/" + hunt.tenant + "/rules");
    assertThat(bob.locator("table")).containsText("CommandAndControl");
    assertThat(bob.locator("table")).containsText("T1219");
    assertThat(bob.locator("table")).containsText("DeviceNetworkEvents");
    bob.getByRole(
            AriaRole.LINK,
            new Page.GetByRoleOptions()
                .setName("Remote Management and Monitoring tool - TigerVNC - Network Connection"))
        .click();
    // The KQL is coloured by server-side spans, and the exclusion templates are listed.
    assertThat(bob.locator("pre.kql .k-keyword").first()).isVisible();
    assertThat(bob.locator("pre.kql")).containsText("DeviceNetworkEvents");
    assertThat(bob.locator("#templates-title + p + table"))
        .containsText("Remote Desktop Administration via TigerVNC");
    // The version history starts with the version the catalog offers now, from its rule file.
    String versionHash =
        Callers.admin()
            .get("/api/v1/rules/" + TIGERVNC)
            .then()
            .statusCode(200)
            .extract()
            .path("versionHash");
    Locator newest = versionHistory(bob).locator("tbody tr").first();
    assertThat(newest).containsText(versionHash);
    assertThat(newest).containsText("current version");
    assertThat(newest).containsText("Huntboard's rule file");

    bob.getByLabel("Lookback (ISO-8601)").fill("P3D");
    bob.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save schedule")).click();
    assertThat(bob.getByRole(AriaRole.STATUS)).containsText("schedule was changed");
    assertThat(bob.locator("article.assignment")).containsText("looking back 3 days");

    bob.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Run now")).click();
    assertThat(bob.getByRole(AriaRole.STATUS).first()).containsText("A run was requested");
    // The scheduler does not fire in tests; the run the request asked for is run here, and the
    // page, polling with htmx, shows it finishing without a reload.
    clock.set(NOW.plus(Duration.ofHours(1)).plusSeconds(90));
    runner.runDue(hunt.assignment, "node-test");
    // "See the run" shows only once the requested run finished; the previous window's run,
    // succeeded as well, must not pass for it.
    assertThat(bob.locator("[id^=progress-]"))
        .containsText(
            "See the run",
            new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions()
                .setTimeout(15_000));
    assertThat(bob.locator("[id^=progress-]")).containsText("2026-05-10 13:00:00 UTC succeeded");
    Browser.screenshot(bob, "rule");

    bob.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("See the run")).click();
    assertThat(bob.locator("#kql-title")).hasText("The exact KQL sent");
    assertThat(bob.locator("pre.kql")).containsText("datetime(2026-05-07T13:00:00");
    Browser.screenshot(bob, "run");
    bob.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Runs")).click();
    bob.getByLabel("Outcome").selectOption("SUCCEEDED");
    bob.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")).click();
    assertThat(bob.locator("tbody tr")).hasCount(2);
    Browser.screenshot(bob, "runs");
  }

  @Test
  void theRulePageListsTheLatestTwentyVersionsNewestFirstAndSaysHowManyMoreThereAre() {
    UUID tenant = TestTenants.localTenant("Versions");
    String ruleId = UUID.randomUUID().toString();
    List<String> hashes = new ArrayList<>();
    for (int version = 1; version <= 22; version++) {
      hashes.add(
          Callers.member("bob", tenant)
              .header(DevHeaders.ROLES, "rule-owner")
              .body(Map.of("yaml", importedRule(ruleId, version)))
              .post("/api/v1/rules")
              .then()
              .statusCode(201)
              .extract()
              .path("versionHash"));
    }
    Page bob = person("bob", tenant, "rule-owner");
    bob.navigate("/t/" + tenant + "/rules/" + ruleId);

    Locator history = versionHistory(bob);
    Locator rows = history.locator("tbody tr");
    assertThat(rows).hasCount(20);
    assertThat(rows.first()).containsText(hashes.get(21));
    assertThat(rows.first()).containsText("current version");
    assertThat(rows.first()).containsText("imported through the API by bob");
    // The name each version had is shown as text, markup and all.
    assertThat(rows.first()).containsText("Versioned rule <i>22</i>");
    assertThat(rows.nth(19)).containsText(hashes.get(2));
    assertThat(history.getByText("current version")).hasCount(1);
    assertThat(history).not().containsText(hashes.get(1));
    assertThat(history).containsText("the latest 20 of 22");
    assertThat(history).containsText("2 older versions are not shown");
    assertThat(bob.locator("main i")).hasCount(0);
  }

  @Test
  void auditorSeesEverythingAndCanChangeNothing() throws IOException {
    Hunt hunt = huntOnGeneratedTelemetry("Initech");
    Page carol = person("carol", hunt.tenant, "auditor");

    carol.navigate("/t/" + hunt.tenant + "/detections");
    assertThat(carol.locator(".actor")).containsText("read only");
    carol.locator("tbody tr a").first().click();
    assertThat(carol.locator("h1")).containsText("Detection on");
    assertThat(carol.locator("form[method=post]")).hasCount(0);
    assertThat(carol.locator("#triage-title + p")).containsText("does not triage");
    carol.navigate("/t/" + hunt.tenant + "/rules/" + TIGERVNC);
    assertThat(carol.locator("form[method=post]")).hasCount(0);

    // The server refuses what the page does not offer, even with a valid CSRF token.
    String detectionPath = new URL(carol.url()).getPath();
    String token =
        carol.context().cookies().stream()
            .filter(c -> c.name.equals("csrf-token"))
            .map(c -> c.value)
            .findFirst()
            .orElseThrow(() -> new AssertionError("the pages set no CSRF cookie"));
    var refused =
        carol
            .request()
            .post(
                root
                    + "t/"
                    + hunt.tenant
                    + "/detections/"
                    + firstDetection(hunt.tenant)
                    + "/triage",
                RequestOptions.create()
                    .setHeader(DevHeaders.ACTOR, "carol")
                    .setHeader(DevHeaders.TENANTS, hunt.tenant.toString())
                    .setHeader(DevHeaders.ROLES, "auditor")
                    .setForm(
                        FormData.create().set("state", "ACKNOWLEDGED").set("csrf-token", token)));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.text())
        .contains("Your role does not allow you to triage")
        .doesNotContain("Exception");
    assertThat(detectionPath).startsWith("/t/");

    carol.navigate("/t/" + hunt.tenant + "/audit");
    assertThat(carol.locator(".verification")).containsText("intact");
    assertThat(carol.locator("table")).containsText("assignment.created");
    Browser.screenshot(carol, "audit");
    String href =
        carol
            .getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("CSV"))
            .getAttribute("href");
    // The link's target streams the file; a plain HTTP client reads it as the browser saves it.
    io.restassured.response.Response export =
        io.restassured.RestAssured.given()
            .header(DevHeaders.ACTOR, "carol")
            .header(DevHeaders.TENANTS, hunt.tenant.toString())
            .header(DevHeaders.ROLES, "auditor")
            .urlEncodingEnabled(false)
            .get(href);
    assertThat(export.statusCode()).as(export.asString()).isEqualTo(200);
    assertThat(export.contentType()).startsWith("text/csv");
    String csv = export.asString();
    assertThat(csv.lines().findFirst().orElse("")).contains("actor").contains("action");
    assertThat(csv).contains("assignment.created").contains("run.started");
  }

  @Test
  void pagesOfAnotherTenantOrNoObjectAnswerAnErrorPageInWords() throws IOException {
    Hunt hunt = huntOnGeneratedTelemetry("Umbrella");
    Page dave = person("dave", hunt.tenant, "analyst");

    var response = dave.navigate("/t/" + UUID.randomUUID() + "/detections");
    assertThat(response.status()).isEqualTo(404);
    assertThat(dave.locator("h1")).hasText("Not found");
    assertThat(dave.locator(".error-page")).containsText("belongs to a tenant you cannot see");
    assertThat(dave.content()).doesNotContain("Exception").doesNotContain("at org.");

    response = dave.navigate("/t/" + hunt.tenant + "/nothing-here");
    assertThat(response.status()).isEqualTo(404);
    assertThat(dave.locator(".error-page")).isVisible();
  }

  @Test
  void theTenantSwitcherOffersTheCallersTenantsOnly() {
    UUID first = TestTenants.localTenant("Switch A");
    UUID second = TestTenants.localTenant("Switch B");
    UUID other = TestTenants.localTenant("Switch C");
    Page frank =
        browser.open(
            root.toString(),
            Map.of(
                DevHeaders.ACTOR, "frank",
                DevHeaders.TENANTS, first + "," + second,
                DevHeaders.ROLES, "auditor"));

    frank.navigate("/t/" + first);
    var options =
        frank.getByLabel("Tenant", new Page.GetByLabelOptions().setExact(true)).locator("option");
    assertThat(options).hasCount(2);
    List<String> offered =
        java.util.stream.IntStream.range(0, options.count())
            .mapToObj(i -> options.nth(i).getAttribute("value"))
            .toList();
    assertThat(offered)
        .containsExactlyInAnyOrder(first.toString(), second.toString())
        .doesNotContain(other.toString());

    frank
        .getByLabel("Tenant", new Page.GetByLabelOptions().setExact(true))
        .selectOption(second.toString());
    frank.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Switch")).click();
    assertThat(frank.url()).contains("/t/" + second);
  }

  @Test
  void telemetryWithHtmlAndScriptIsShownAsTextAndNeverRuns() throws IOException {
    Hunt hunt = huntOnGeneratedTelemetry("Probe");
    browser.clearEvents();
    Page alice = person("alice", hunt.tenant, "analyst");

    alice.navigate("/t/" + hunt.tenant + "/detections?device=xss-device-0001");
    assertThat(alice.locator("tbody tr")).hasCount(1);
    assertThat(alice.getByText(XSS_DEVICE)).isVisible();
    assertThat(alice.getByText(XSS_URL)).isVisible();
    Browser.screenshot(alice, "xss-probe");
    alice.locator("tbody tr a").first().click();
    assertThat(alice.locator("h1")).containsText(XSS_DEVICE);
    assertThat(alice.locator(".facts")).containsText(XSS_URL);
    assertThat(alice.locator("main img")).hasCount(0);
    assertThat(alice.locator("main script")).hasCount(0);
    assertThat(alice.locator("main svg[onload]")).hasCount(0);

    alice.navigate("/t/" + hunt.tenant);
    alice.navigate("/t/" + hunt.tenant + "/runs");
    alice.navigate("/t/" + hunt.tenant + "/audit");
    assertThat(browser.dialogs()).as("dialogs opened by injected script").isEmpty();
    assertThat(browser.consoleErrors()).as("console errors").isEmpty();
  }

  /** A tenant on generated telemetry with the TigerVNC rule run once over its five days. */
  private Hunt huntOnGeneratedTelemetry(String prefix) throws IOException {
    Path data = dir.resolve(prefix.toLowerCase());
    TelemetryGenerator.generate(new GeneratorOptions(data, 20, 6, 7, NOW, 60, null));
    appendXssConnection(data);
    String name = prefix + " " + UUID.randomUUID().toString().substring(0, 6);
    String id =
        Callers.admin()
            .body(
                Map.of(
                    "displayName",
                    name,
                    "connectors",
                    List.of(Map.of("kind", "LOCAL", "dataFolder", data.toString()))))
            .post("/api/v1/tenants")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    UUID tenant = UUID.fromString(id);
    clock.set(NOW.minus(Duration.ofMinutes(30)));
    UUID assignment = TestTenants.assign(tenant, TIGERVNC, "PT1H", "P5D");
    executor.useRealExecutor(assignment);
    clock.set(NOW.plusSeconds(90));
    assertThat(runner.runDue(assignment, "node-test").finished()).isEqualTo(1);
    clock.reset();
    clock.set(NOW.plusSeconds(120));

    JsonNode manifest = JSON.readTree(data.resolve("manifest.json").toFile());
    String device = null;
    String url = null;
    int pairs = 0;
    for (JsonNode pair : manifest.path("tigerVnc").path("pairs")) {
      if (pair.path("inRuleWindow").asBoolean()
          && "Remote Desktop Administration via TigerVNC".equals(pair.path("scenario").asText())) {
        if (device == null) {
          device = pair.path("DeviceName").asText();
          url = pair.path("RemoteUrl").asText();
        }
        if (device.equals(pair.path("DeviceName").asText())) {
          pairs++;
        }
      }
    }
    assertThat(device).as("the generator made a remote desktop administration pair").isNotNull();
    return new Hunt(tenant, name, assignment, device, url, pairs);
  }

  /** One more TigerVNC connection whose device name, URL and command line carry HTML. */
  private static void appendXssConnection(Path data) throws IOException {
    Path network = data.resolve("DeviceNetworkEvents.jsonl");
    String template =
        Files.readAllLines(network, StandardCharsets.UTF_8).stream()
            .filter(
                line -> line.contains("\"InitiatingProcessVersionInfoProductName\":\"TigerVNC\""))
            .findFirst()
            .orElseThrow();
    ObjectNode row = (ObjectNode) JSON.readTree(template);
    row.put("Timestamp", NOW.minus(Duration.ofHours(2)).toString());
    row.put("DeviceId", "xss-device-0001");
    row.put("DeviceName", XSS_DEVICE);
    row.put("RemoteUrl", XSS_URL);
    row.put("InitiatingProcessCommandLine", XSS_COMMAND);
    row.put("ReportId", 999001);
    Files.writeString(
        network,
        JSON.writeValueAsString(row) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
  }

  private UUID firstDetection(UUID tenant) {
    String id =
        Callers.member("carol", tenant)
            .get("/api/v1/tenants/{t}/detections", tenant)
            .then()
            .statusCode(200)
            .extract()
            .path("items[0].id");
    return UUID.fromString(id);
  }

  private static Locator versionHistory(Page page) {
    return page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Version history"));
  }

  /** A rule to import whose content, and so whose version, differs with {@code version}. */
  private static String importedRule(String id, int version) {
    return String.join(
        "\n",
        "id: " + id,
        "name: \"Versioned rule <i>" + version + "</i>\"",
        "description: Version " + version + " of a rule the version history test imports.",
        "requiredDataConnectors:",
        "  - connectorId: MicrosoftThreatProtection",
        "    dataTypes:",
        "      - DeviceNetworkEvents",
        "tactics:",
        "  - CommandAndControl",
        "relevantTechniques:",
        "  - T1219",
        "query: |",
        "  DeviceNetworkEvents",
        "  | where Timestamp > ago(1d)",
        "  | summarize Count=count() by DeviceId, DeviceName",
        "");
  }

  private Page person(String name, UUID tenant, String roles) {
    return browser.open(
        root.toString(),
        Map.of(
            DevHeaders.ACTOR, name,
            DevHeaders.TENANTS, tenant.toString(),
            DevHeaders.ROLES, roles));
  }

  private record Hunt(
      UUID tenant,
      String name,
      UUID assignment,
      String remoteDesktopDevice,
      String remoteDesktopUrl,
      int remoteDesktopPairs) {}
}
