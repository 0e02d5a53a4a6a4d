package org.huntboard.web.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huntboard.web.run.service.HuntRunner;
import org.huntboard.web.support.Callers;
import org.huntboard.web.support.MutableClock;
import org.huntboard.web.support.RecordingHuntExecutor;
import org.huntboard.web.support.TestTenants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calls every operation of the API, as listed by the running application's OpenAPI document, as
 * every demo user of the realm (with real tokens from Keycloak) and anonymously, on objects of the
 * caller's own tenant and of the other tenant, and checks the status against {@link #EXPECTED} and
 * that no answer names a tenant the caller cannot see.
 *
 * <p>An operation of the document without a row in the table fails the test, so a new endpoint
 * cannot escape it. Pages (paths outside {@code /api/}) must answer a bearer caller with the
 * redirect to the identity provider and nothing else.
 */
@QuarkusTest
class IsolationMatrixTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A rule of the catalog (TigerVNC), for the rule's own address. */
  private static final String TIGERVNC = "dc1950c0-efeb-4695-aa95-74198df5dab8";

  private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
  private static final Set<String> READ = Set.of("analyst", "rule-owner", "auditor", "admin");
  private static final Set<String> ADMIN = Set.of("admin");
  private static final Set<String> MANAGE = Set.of("rule-owner", "admin");
  private static final Set<String> TRIAGE = Set.of("analyst", "rule-owner");
  private static final Set<String> VERIFY = Set.of("auditor", "admin");

  /** Who may call an operation, what it answers them on their own tenant, and its body. */
  private record Expectation(
      Set<String> roles, Set<Integer> ownStatus, Function<Objects, Object> body) {}

  /** A valid rule to import, the same every time (the first import is 201, the others 200). */
  private static final String MATRIX_RULE =
      String.join(
          "\n",
          "id: 4b7c2a10-6f0e-4a52-9c1d-2e8f5a3b9d01",
          "name: Isolation matrix rule",
          "description: A rule the isolation matrix imports.",
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

  private static final Map<String, Expectation> EXPECTED = new LinkedHashMap<>();

  private static void expect(String operation, Set<String> roles, Set<Integer> own) {
    EXPECTED.put(operation, new Expectation(roles, own, null));
  }

  private static void expect(
      String operation, Set<String> roles, Set<Integer> own, Function<Objects, Object> body) {
    EXPECTED.put(operation, new Expectation(roles, own, body));
  }

  static {
    expect("GET /api/v1/version", READ, Set.of(200));
    expect("GET /api/v1/rules", READ, Set.of(200));
    expect("GET /api/v1/rules/{ruleId}", READ, Set.of(200));
    expect("GET /api/v1/tenants", READ, Set.of(200));
    expect(
        "POST /api/v1/tenants",
        ADMIN,
        Set.of(201),
        o -> Map.of("displayName", "Matrix " + UUID.randomUUID().toString().substring(0, 8)));
    expect("GET /api/v1/tenants/{tenantId}", READ, Set.of(200));
    expect(
        "PUT /api/v1/tenants/{tenantId}",
        ADMIN,
        Set.of(200),
        o ->
            Map.of(
                "slug",
                o.slug(),
                "displayName",
                o.name(),
                "connectors",
                List.of(Map.of("kind", "LOCAL", "dataFolder", "/data/" + o.slug()))));
    expect(
        "PUT /api/v1/tenants/{tenantId}/credential",
        ADMIN,
        Set.of(200),
        o -> Map.of("kind", "MANAGED_IDENTITY"));
    expect("POST /api/v1/tenants/credentials/reencryption", ADMIN, Set.of(200));
    expect("GET /api/v1/tenants/{tenantId}/assignments", READ, Set.of(200));
    expect(
        "POST /api/v1/tenants/{tenantId}/assignments",
        MANAGE,
        Set.of(201, 409),
        o ->
            Map.of(
                "ruleId",
                "tigervnc",
                "connector",
                "LOCAL",
                "frequency",
                "PT1H",
                "lookback",
                "P1D"));
    expect("GET /api/v1/tenants/{tenantId}/assignments/{assignmentId}", READ, Set.of(200));
    expect(
        "POST /api/v1/tenants/{tenantId}/assignments/{assignmentId}/pause",
        MANAGE,
        Set.of(200, 409));
    expect(
        "POST /api/v1/tenants/{tenantId}/assignments/{assignmentId}/resume",
        MANAGE,
        Set.of(200, 409));
    expect(
        "POST /api/v1/tenants/{tenantId}/assignments/{assignmentId}/run-now",
        MANAGE,
        Set.of(202, 409));
    expect("GET /api/v1/tenants/{tenantId}/runs", READ, Set.of(200));
    expect("GET /api/v1/tenants/{tenantId}/runs/{runId}", READ, Set.of(200));
    expect("GET /api/v1/tenants/{tenantId}/detections", READ, Set.of(200));
    expect("GET /api/v1/tenants/{tenantId}/detections/{detectionId}", READ, Set.of(200));
    expect(
        "POST /api/v1/tenants/{tenantId}/detections/{detectionId}/triage",
        TRIAGE,
        Set.of(200, 409),
        o -> Map.of("state", "ACKNOWLEDGED", "assignee", "matrix"));
    expect(
        "POST /api/v1/tenants/{tenantId}/detections/{detectionId}/comments",
        TRIAGE,
        Set.of(200),
        o -> Map.of("body", "seen in the isolation matrix"));
    expect("GET /api/v1/rules/{ruleId}/exclusion-templates", READ, Set.of(200));
    expect("GET /api/v1/tenants/{tenantId}/exclusions", READ, Set.of(200));
    expect(
        "POST /api/v1/tenants/{tenantId}/exclusions",
        TRIAGE,
        Set.of(201),
        o ->
            Map.of(
                "ruleId",
                TIGERVNC,
                "filter",
                "DeviceName == \"ws-1." + o.slug() + ".example\" and RemoteUrl == \"x.example\"",
                "justification",
                "proposed in the isolation matrix"));
    expect("GET /api/v1/tenants/{tenantId}/exclusions/{exclusionId}", READ, Set.of(200));
    // Only the proposer or a rule owner may change a proposal's filter, and only while proposed.
    expect(
        "PUT /api/v1/tenants/{tenantId}/exclusions/{exclusionId}/filter",
        TRIAGE,
        Set.of(200, 403, 409),
        o -> Map.of("filter", "DeviceName == \"ws-2." + o.slug() + ".example\""));
    // The demo tenants' data folders do not exist: a backtest says the connector is not set up.
    expect(
        "POST /api/v1/tenants/{tenantId}/exclusions/{exclusionId}/backtest",
        TRIAGE,
        Set.of(201, 503));
    expect(
        "GET /api/v1/tenants/{tenantId}/exclusions/{exclusionId}/backtest", READ, Set.of(200, 404));
    expect(
        "POST /api/v1/tenants/{tenantId}/exclusions/{exclusionId}/approval",
        Set.of("rule-owner"),
        Set.of(200, 409, 422));
    expect(
        "POST /api/v1/tenants/{tenantId}/exclusions/{exclusionId}/rejection",
        Set.of("rule-owner"),
        Set.of(200, 409),
        o -> Map.of("reason", "rejected in the isolation matrix"));
    expect(
        "POST /api/v1/tenants/{tenantId}/exclusions/{exclusionId}/revocation",
        MANAGE,
        Set.of(200, 409),
        o -> Map.of("reason", "revoked in the isolation matrix"));
    expect(
        "POST /api/v1/tenants/{tenantId}/exclusions/{exclusionId}/renewal",
        TRIAGE,
        Set.of(201, 409));
    expect(
        "POST /api/v1/tenants/{tenantId}/exclusions/{exclusionId}/comments",
        TRIAGE,
        Set.of(200),
        o -> Map.of("body", "seen in the isolation matrix"));
    expect("GET /api/v1/audit-events", READ, Set.of(200));
    expect("GET /api/v1/audit-events/verification", VERIFY, Set.of(200));
    // The platform's health (checks, scheduler nodes, run queue): administrators only.
    expect("GET /api/v1/system/health-summary", ADMIN, Set.of(200));
    // Rule import and versions, and the streamed exports (added with them).
    expect("POST /api/v1/rules", MANAGE, Set.of(200, 201), o -> Map.of("yaml", MATRIX_RULE));
    expect("GET /api/v1/rules/{ruleId}/versions", READ, Set.of(200, 404));
    expect("GET /api/v1/tenants/{tenantId}/detections/export", READ, Set.of(200));
    expect("GET /api/v1/tenants/{tenantId}/runs/export", READ, Set.of(200));
    expect("GET /api/v1/tenants/{tenantId}/audit-events/export", READ, Set.of(200));
    expect("GET /api/v1/audit-events/export", READ, Set.of(200));
  }

  /** The objects of one demo tenant that path parameters are filled with. */
  private record Objects(
      String slug,
      UUID tenant,
      UUID assignment,
      UUID run,
      UUID detection,
      UUID exclusion,
      String name) {

    Map<String, String> params() {
      Map<String, String> params = new LinkedHashMap<>();
      params.put("tenantId", tenant.toString());
      params.put("assignmentId", assignment.toString());
      params.put("runId", run.toString());
      params.put("detectionId", detection.toString());
      params.put("exclusionId", exclusion.toString());
      params.put("ruleId", TIGERVNC);
      return params;
    }

    List<String> identifiers() {
      return List.of(
          tenant.toString(),
          assignment.toString(),
          run.toString(),
          detection.toString(),
          exclusion.toString(),
          name,
          "\"" + slug + "\"",
          "/" + slug);
    }
  }

  @Inject MutableClock clock;
  @Inject HuntRunner runner;
  @Inject RecordingHuntExecutor executor;

  private final Map<DemoUser, String> tokens = new EnumMap<>(DemoUser.class);
  private final Map<DemoUser, Instant> issued = new EnumMap<>(DemoUser.class);
  private final Tokens keycloak = new Tokens(LocalKeycloak.shared());

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @Test
  void everyOperationAnswersEachRoleAsExpectedAndNeverNamesAnotherTenant() throws Exception {
    clock.set(Instant.parse("2026-06-01T09:30:00Z"));
    Objects acme = objectsOf("acme");
    Objects globex = objectsOf("globex");
    clock.reset();
    Map<String, Objects> bySlug = Map.of("acme", acme, "globex", globex);

    JsonNode openapi =
        JSON.readTree(
            given().queryParam("format", "json").get("/q/openapi").then().extract().asString());
    List<String> operations = new ArrayList<>();
    List<String> pages = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = openapi.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
        String method = methods.next().toUpperCase();
        if (!Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
          continue;
        }
        if (path.getKey().startsWith("/api/")) {
          operations.add(method + " " + path.getKey());
        } else {
          pages.add(method + " " + path.getKey());
        }
      }
    }
    Set<String> unexpected = new TreeSet<>(operations);
    unexpected.removeAll(EXPECTED.keySet());
    assertThat(unexpected)
        .as("operations of the OpenAPI document without a row in IsolationMatrixTest.EXPECTED")
        .isEmpty();
    assertThat(operations).as("the document lists the API").hasSizeGreaterThan(10);

    List<String> failures = new ArrayList<>();
    int cases = 0;
    int leaks = 0;
    for (String operation : operations) {
      Expectation expectation = EXPECTED.get(operation);
      String method = operation.substring(0, operation.indexOf(' '));
      String path = operation.substring(operation.indexOf(' ') + 1);
      Set<String> params = parameters(path);

      // Anonymous: always asked to authenticate, whatever the object.
      Response anonymous = call(given(), method, fill(path, acme.params()), expectation, acme);
      cases++;
      if (anonymous.statusCode() != 401) {
        failures.add("anonymous " + operation + " answered " + anonymous.statusCode());
      }
      leaks += leaks(anonymous, Set.of(), bySlug, "anonymous " + operation, failures);

      for (DemoUser user : DemoUser.values()) {
        Set<String> visible = visibleSlugs(user);
        boolean allowed = user.roles().stream().anyMatch(expectation.roles()::contains);
        Objects own = bySlug.get(user.tenants().isEmpty() ? "acme" : first(user.tenants()));
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        Map<String, Objects> targets = new LinkedHashMap<>();
        variants.put("own", own.params());
        targets.put("own", own);
        if (params.contains("tenantId")) {
          for (String slug : bySlug.keySet()) {
            if (!visible.contains(slug)) {
              variants.put("other " + slug, bySlug.get(slug).params());
              targets.put("other " + slug, bySlug.get(slug));
              if (params.size() > 1) {
                // The caller's own tenant in the path, another tenant's object after it.
                Map<String, String> mixed = new LinkedHashMap<>(bySlug.get(slug).params());
                mixed.put("tenantId", own.tenant().toString());
                variants.put("own tenant, object of " + slug, mixed);
                targets.put("own tenant, object of " + slug, own);
              }
            }
          }
        }
        for (Map.Entry<String, Map<String, String>> variant : variants.entrySet()) {
          String url = fill(path, variant.getValue());
          Response response =
              call(
                  given().auth().oauth2(token(user)),
                  method,
                  url,
                  expectation,
                  targets.get(variant.getKey()));
          cases++;
          Set<Integer> expected =
              !allowed
                  ? Set.of(403)
                  : variant.getKey().equals("own") ? expectation.ownStatus() : Set.of(404);
          String label = user.username() + " " + operation + " [" + variant.getKey() + "] " + url;
          if (!expected.contains(response.statusCode())) {
            failures.add(
                label
                    + " answered "
                    + response.statusCode()
                    + ", expected "
                    + expected
                    + ": "
                    + abbreviate(response.asString()));
          }
          leaks += leaks(response, visible, bySlug, label, failures);
        }
      }
    }

    // Pages belong to the portal's session: a bearer token opens none of them.
    for (String page : pages) {
      if (!page.startsWith("GET ")) {
        continue;
      }
      String path = page.substring(4);
      Response response =
          given()
              .redirects()
              .follow(false)
              .auth()
              .oauth2(token(DemoUser.ALICE))
              .get(fill(path, acme.params()));
      cases++;
      String location = response.header("Location");
      if (response.statusCode() != 302
          || location == null
          || !location.startsWith(LocalKeycloak.shared().issuer())) {
        failures.add("page " + page + " answered a bearer caller " + response.statusCode());
      }
      leaks += leaks(response, Set.of(), bySlug, "page " + page, failures);
    }

    System.out.println("isolation matrix: " + cases + " cases, " + leaks + " leaks");
    assertThat(failures).as("isolation matrix failures").isEmpty();
  }

  private static String first(Set<String> slugs) {
    return new TreeSet<>(slugs).first();
  }

  private static Set<String> visibleSlugs(DemoUser user) {
    return user.roles().contains("admin") ? Set.of("acme", "globex") : user.tenants();
  }

  /** Counts (and records) each identifier of a tenant the caller cannot see in the answer. */
  private static int leaks(
      Response response,
      Set<String> visible,
      Map<String, Objects> bySlug,
      String label,
      List<String> failures) {
    String body = response.asString();
    String sent = label;
    int found = 0;
    for (Map.Entry<String, Objects> tenant : bySlug.entrySet()) {
      if (visible.contains(tenant.getKey())) {
        continue;
      }
      for (String identifier : tenant.getValue().identifiers()) {
        // Repeating an id the caller put into the address tells them nothing new.
        if (body.contains(identifier) && !sent.contains(identifier)) {
          found++;
          failures.add(label + " leaked " + identifier + ": " + around(body, identifier));
        }
      }
    }
    return found;
  }

  private static Response call(
      RequestSpecification request,
      String method,
      String url,
      Expectation expectation,
      Objects target) {
    request.redirects().follow(false).contentType("application/json");
    if (expectation.body() != null) {
      request.body(expectation.body().apply(target));
    } else if (!method.equals("GET")) {
      request.body("{}");
    }
    return request.request(method, url);
  }

  private static Set<String> parameters(String path) {
    Set<String> names = new LinkedHashSet<>();
    Matcher matcher = PARAM.matcher(path);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  private static String fill(String path, Map<String, String> params) {
    Matcher matcher = PARAM.matcher(path);
    StringBuilder url = new StringBuilder();
    while (matcher.find()) {
      String value = params.get(matcher.group(1));
      if (value == null) {
        throw new AssertionError("no value for the path parameter " + matcher.group(1));
      }
      matcher.appendReplacement(url, value);
    }
    matcher.appendTail(url);
    return url.toString();
  }

  /** The part of a body around an identifier it should not hold, so a failure shows where. */
  private static String around(String body, String identifier) {
    int at = body.indexOf(identifier);
    int from = Math.max(0, at - 300);
    int to = Math.min(body.length(), at + identifier.length() + 300);
    return (from > 0 ? "…" : "") + body.substring(from, to) + (to < body.length() ? "…" : "");
  }

  private static String abbreviate(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }

  /** A token of the user, fetched again before Keycloak's five-minute lifespan runs out. */
  private String token(DemoUser user) {
    Instant at = issued.get(user);
    if (at == null || at.isBefore(Instant.now().minus(Duration.ofMinutes(2)))) {
      tokens.put(user, keycloak.of(user).accessToken());
      issued.put(user, Instant.now());
    }
    return tokens.get(user);
  }

  /** The demo tenant with an assignment, a finished run and a detection of it. */
  private Objects objectsOf(String slug) {
    UUID tenant = DemoTenants.ensure(slug);
    UUID assignment = TestTenants.assign(tenant, "tigervnc", "PT1H", "P5D");
    executor.rows(
        assignment,
        request ->
            List.of(
                Map.of(
                    "DeviceId",
                    "dev-" + slug,
                    "DeviceName",
                    "ws-1." + slug + ".example",
                    "RemoteUrl",
                    "vnc." + slug + ".example",
                    "FirstSeen",
                    "2026-06-01T08:10:00Z",
                    "LastSeen",
                    "2026-06-01T09:40:00Z",
                    "Count",
                    2,
                    "Report",
                    List.of(1L, 2L))));
    clock.set(Instant.parse("2026-06-01T10:02:00Z"));
    runner.runDue(assignment, "matrix");
    String run =
        Callers.admin()
            .queryParam("assignmentId", assignment.toString())
            .get("/api/v1/tenants/{t}/runs", tenant)
            .then()
            .statusCode(200)
            .extract()
            .path("items[0].id");
    String detection =
        Callers.admin()
            .get("/api/v1/tenants/{t}/detections", tenant)
            .then()
            .statusCode(200)
            .extract()
            .path("items[0].id");
    String exclusion =
        Callers.admin()
            .body(
                Map.of(
                    "ruleId",
                    TIGERVNC,
                    "filter",
                    "DeviceName == \"ws-1." + slug + ".example\"",
                    "justification",
                    "the matrix's exclusion of " + slug))
            .post("/api/v1/tenants/{t}/exclusions", tenant)
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    assertThat(run).as("a run of " + slug).isNotNull();
    assertThat(detection).as("a detection of " + slug).isNotNull();
    clock.set(Instant.parse("2026-06-01T09:30:00Z"));
    return new Objects(
        slug,
        tenant,
        assignment,
        UUID.fromString(run),
        UUID.fromString(detection),
        UUID.fromString(exclusion),
        DemoTenants.displayName(slug));
  }
}
