package org.huntboard.web.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.huntboard.web.run.service.HuntRunner;
import org.huntboard.web.security.DevHeaders;
import org.huntboard.web.support.Callers;
import org.huntboard.web.support.MutableClock;
import org.huntboard.web.support.TestTenants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ExportTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant SEEN = Instant.parse("2026-07-01T10:00:00Z");

  /** Device names an attacker can plant in telemetry, and how a spreadsheet must get them. */
  private static final Map<String, String> HOSTILE = new LinkedHashMap<>();

  static {
    HOSTILE.put("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0");
    HOSTILE.put("+SUM(1,2)", "'+SUM(1,2)");
    HOSTILE.put("-2+3", "'-2+3");
    HOSTILE.put("@SUM(A1:A9)", "'@SUM(A1:A9)");
    HOSTILE.put("\t=1+1", "'\t=1+1");
    HOSTILE.put("\r=1+1", "'\r=1+1");
    HOSTILE.put("ws-1, \"quoted\"\r\nnext line", "ws-1, \"quoted\"\r\nnext line");
    HOSTILE.put("ünïcødé-🦊", "ünïcødé-🦊");
  }

  @Inject AgroalDataSource dataSource;
  @Inject ExportStreamer streamer;
  @Inject MutableClock clock;
  @Inject HuntRunner runner;

  @TestHTTPResource("/")
  URL base;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @Test
  void exportsEveryDetectionOfTheTenantAcrossPagesQuotedAndNeutralised() throws Exception {
    UUID tenant = TestTenants.localTenant("Exporting");
    UUID other = TestTenants.localTenant("Hidden");
    // 130 rows: nearly three fetches of 50 (the test fetch size), hostile names among them.
    Map<UUID, String> names = new LinkedHashMap<>();
    List<String> hostile = new ArrayList<>(HOSTILE.keySet());
    for (int i = 0; i < 130; i++) {
      String name = i < hostile.size() ? hostile.get(i) : "host-" + i;
      names.put(insertDetection(tenant, "dev-" + i, name, SEEN.plusSeconds(i)), name);
    }
    Set<UUID> hidden = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      hidden.add(insertDetection(other, "other-dev-" + i, "other-tenant-host", SEEN));
    }

    Response csv =
        Callers.member("analyst", tenant, other)
            .queryParam("format", "csv")
            .get("/api/v1/tenants/{t}/detections/export", tenant);
    csv.then()
        .statusCode(200)
        .contentType(containsString("text/csv"))
        .header(
            "Content-Disposition",
            org.hamcrest.Matchers.matchesPattern(
                "attachment; filename=\"huntboard-detections-"
                    + tenant
                    + "-\\d{8}T\\d{6}Z\\.csv\""));
    String text = new String(csv.asByteArray(), StandardCharsets.UTF_8);
    List<List<String>> records = Rfc4180.parse(text);
    List<String> header = records.get(0);
    assertThat(header).startsWith("id", "tenantId", "ruleId", "state");
    int id = header.indexOf("id");
    int deviceName = header.indexOf("deviceName");
    int tenantColumn = header.indexOf("tenantId");
    Map<UUID, String> exported = new LinkedHashMap<>();
    for (List<String> record : records.subList(1, records.size())) {
      assertThat(record).hasSize(header.size());
      assertThat(record.get(tenantColumn)).isEqualTo(tenant.toString());
      exported.put(UUID.fromString(record.get(id)), record.get(deviceName));
    }
    assertThat(exported.keySet()).containsExactlyInAnyOrderElementsOf(names.keySet());
    names.forEach(
        (detection, name) ->
            assertThat(exported.get(detection))
                .as("device name of %s", detection)
                .isEqualTo(HOSTILE.getOrDefault(name, name)));
    assertThat(text).doesNotContain("other-tenant-host");
    hidden.forEach(h -> assertThat(text).doesNotContain(h.toString()));
    // Most recently seen first, like the list.
    assertThat(records.get(1).get(deviceName)).isEqualTo("host-129");

    Response lines =
        Callers.member("auditor", tenant)
            .queryParam("format", "jsonl")
            .queryParam("from", SEEN.plusSeconds(100).toString())
            .get("/api/v1/tenants/{t}/detections/export", tenant);
    lines
        .then()
        .statusCode(200)
        .contentType(containsString("application/x-ndjson"))
        .header("Content-Disposition", containsString(".jsonl\""));
    List<JsonNode> objects = new ArrayList<>();
    for (String line : lines.asString().split("\n")) {
      objects.add(JSON.readTree(line));
    }
    // lastSeen >= from keeps rows 100..129; JSON carries the text as it is, not neutralised.
    assertThat(objects).hasSize(30);
    assertThat(objects)
        .allSatisfy(o -> assertThat(o.get("tenantId").asText()).isEqualTo("" + tenant));
    Callers.member("analyst", tenant)
        .queryParam("format", "jsonl")
        .queryParam("device", "=cmd|' /C calc'!A0")
        .get("/api/v1/tenants/{t}/detections/export", tenant)
        .then()
        .statusCode(200)
        .body(containsString("\"DeviceName\":\"=cmd|' /C calc'!A0\""));

    // Another tenant's export is not there at all for this caller, and nothing leaks.
    Callers.member("analyst", tenant)
        .get("/api/v1/tenants/{t}/detections/export", other)
        .then()
        .statusCode(404)
        .contentType(containsString("application/problem+json"));
    // The export is an audit event of the tenant.
    Callers.member("auditor", tenant)
        .queryParam("tenantId", tenant.toString())
        .queryParam("actor", "analyst")
        .get("/api/v1/audit-events")
        .then()
        .statusCode(200)
        .body("items[0].action", equalTo("access.exported"))
        .body("items[0].objectId", equalTo("detections"))
        .body("items[0].after.format", equalTo("jsonl"))
        .body("items[0].after.device", equalTo("=cmd|' /C calc'!A0"));
  }

  @Test
  void exportsRunsAndAuditEventsOfTheCallersTenantsOnly() throws Exception {
    clock.set(Instant.parse("2026-07-02T09:30:00Z"));
    UUID tenant = TestTenants.localTenant("Ledger");
    UUID other = TestTenants.localTenant("Elsewhere");
    UUID assignment = TestTenants.assign(tenant, "tigervnc", "PT1H", "P5D");
    clock.set(Instant.parse("2026-07-02T12:05:00Z"));
    runner.runDue(assignment, "node-a");

    List<List<String>> runs =
        Rfc4180.parse(
            Callers.member("analyst", tenant)
                .queryParam("outcome", "SUCCEEDED")
                .get("/api/v1/tenants/{t}/runs/export", tenant)
                .then()
                .statusCode(200)
                .header("Content-Disposition", containsString("huntboard-runs-" + tenant))
                .extract()
                .asString());
    List<String> header = runs.get(0);
    assertThat(runs).hasSizeGreaterThan(1);
    for (List<String> run : runs.subList(1, runs.size())) {
      assertThat(run.get(header.indexOf("assignmentId"))).isEqualTo(assignment.toString());
      assertThat(run.get(header.indexOf("outcome"))).isEqualTo("SUCCEEDED");
    }
    assertThat(
            Callers.member("analyst", tenant)
                .queryParam("outcome", "FAILED")
                .get("/api/v1/tenants/{t}/runs/export", tenant)
                .then()
                .statusCode(200)
                .extract()
                .asString())
        .isEqualTo(String.join(",", header) + "\r\n");

    // Across the caller's tenants: their own events, none of the other tenant.
    String events =
        Callers.member("auditor", tenant)
            .queryParam("format", "jsonl")
            .get("/api/v1/audit-events/export")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    Set<String> tenantsSeen = new HashSet<>();
    Set<String> actions = new HashSet<>();
    for (String line : events.split("\n")) {
      JsonNode event = JSON.readTree(line);
      tenantsSeen.add(event.get("tenantId").asText());
      actions.add(event.get("action").asText());
    }
    assertThat(tenantsSeen).containsExactly(tenant.toString());
    assertThat(actions).contains("tenant.created", "assignment.created", "access.exported");
    // An export across tenants belongs to no one tenant: the platform's log records it.
    Callers.admin()
        .queryParam("actor", "auditor")
        .queryParam("objectType", "export")
        .get("/api/v1/audit-events")
        .then()
        .statusCode(200)
        .body("items[0].action", equalTo("access.exported"))
        .body("items[0].objectId", equalTo("audit-events"))
        .body("items[0].tenantId", equalTo(null))
        .body("items[0].after.format", equalTo("jsonl"));
    Callers.member("auditor", tenant)
        .get("/api/v1/tenants/{t}/audit-events/export", other)
        .then()
        .statusCode(404);
    List<List<String>> tenantEvents =
        Rfc4180.parse(
            Callers.member("auditor", tenant)
                .queryParam("objectType", "tenant")
                .get("/api/v1/tenants/{t}/audit-events/export", tenant)
                .then()
                .statusCode(200)
                .extract()
                .asString());
    assertThat(tenantEvents.get(0))
        .containsExactly(
            "seq",
            "occurredAt",
            "actor",
            "action",
            "objectType",
            "objectId",
            "tenantId",
            "before",
            "after",
            "previousHash",
            "hash");
    assertThat(tenantEvents.subList(1, tenantEvents.size()))
        .extracting(r -> r.get(3))
        .containsExactly("tenant.created");
  }

  @Test
  void rejectsBadExportRequestsWithProblemDetails() {
    UUID tenant = TestTenants.localTenant("Refusing");
    String detections = "/api/v1/tenants/{t}/detections/export";
    problem(Callers.member("a", tenant).queryParam("format", "xlsx").get(detections, tenant), 400)
        .body("detail", containsString("format must be csv or jsonl"));
    problem(
            Callers.member("a", tenant).queryParam("from", "yesterday").get(detections, tenant),
            400)
        .body("detail", containsString("from must be an ISO-8601 instant"));
    problem(
            Callers.member("a", tenant)
                .queryParam("from", "2026-02-01T00:00:00Z")
                .queryParam("to", "2026-01-01T00:00:00Z")
                .get(detections, tenant),
            400)
        .body("detail", containsString("must be before to"));
    problem(Callers.member("a", tenant).queryParam("state", "OPEN").get(detections, tenant), 400);
    problem(Callers.member("a", tenant).get(detections, "not-a-uuid"), 404);
    problem(Callers.member("a", tenant).get(detections, UUID.randomUUID()), 404);
    problem(
        Callers.member("a", tenant)
            .queryParam("assignmentId", "12")
            .get("/api/v1/tenants/{t}/runs/export", tenant),
        400);
    problem(
        Callers.member("a", tenant)
            .queryParam("outcome", "MAYBE")
            .get("/api/v1/tenants/{t}/runs/export", tenant),
        400);
    problem(
        Callers.member("a", tenant).queryParam("tenantId", "x").get("/api/v1/audit-events/export"),
        400);
    // Identified, but without any role: no export.
    problem(
        Callers.member("nobody", tenant).header(DevHeaders.ROLES, "").get(detections, tenant), 403);
    problem(Callers.anonymous().get("/api/v1/audit-events/export"), 401);
  }

  /**
   * 200,000 detections go out with a fetch size of 50 while the client reads slowly: the first rows
   * arrive while the export's query is still open in PostgreSQL and most rows are not yet read, and
   * the heap stays far below what the rows would take if they were collected first.
   */
  @Test
  void streamsTwoHundredThousandRowsInBoundedMemory() throws Exception {
    int total = 200_000;
    UUID tenant = TestTenants.localTenant("Huge");
    insertDetections(tenant, total);

    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(base + "api/v1/tenants/" + tenant + "/detections/export?format=csv"))
            .header(DevHeaders.ACTOR, "analyst")
            .header(DevHeaders.TENANTS, tenant.toString())
            .build();
    long baseline = usedHeapAfterGc();
    long writtenBefore = streamer.rowsWritten();
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    long rows = 0;
    long peak = 0;
    boolean sawOpenQuery = false;
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      assertThat(reader.readLine()).startsWith("id,tenantId,ruleId,");
      String line;
      while ((line = reader.readLine()) != null) {
        assertThat(line).contains(",tigervnc,NEW,");
        rows++;
        if (rows == 1_000) {
          // The client holds back: the server has sent little of the file and its query is open.
          Thread.sleep(500);
          assertThat(streamer.rowsWritten() - writtenBefore).isLessThan(total / 2);
          sawOpenQuery = exportQueryIsOpen();
        }
        if (rows % 40_000 == 0) {
          peak = Math.max(peak, usedHeapAfterGc() - baseline);
        }
      }
    }
    assertThat(rows).isEqualTo(total);
    assertThat(sawOpenQuery)
        .as("the export's query is open while its first rows are read")
        .isTrue();
    // 200,000 entities held at once take well over 100 MB; the stream keeps one fetch.
    assertThat(peak).as("heap growth while streaming, bytes").isLessThan(48L * 1024 * 1024);
  }

  /** Writes {@code total} generated detections of the tenant straight into the database. */
  private void insertDetections(UUID tenant, int total) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "insert into detection (id, tenant_id, rule_id, detection_key, grouping,"
                    + " first_seen, last_seen, event_count, report_ids, report_ids_complete,"
                    + " sightings, state, reopened_count, created_at, updated_at, version)"
                    + " select gen_random_uuid(), ?, 'tigervnc', md5(i::text) || md5('k' || i),"
                    + " jsonb_build_object('DeviceId', 'device-' || i, 'DeviceName',"
                    + " 'workstation-' || i || '.contoso.example', 'RemoteUrl',"
                    + " 'vnc-' || i || '.attacker.example'),"
                    + " ?, ? + i * interval '1 second', i, '[1,2,3]', true, 1, 'NEW', 0, ?, ?, 0"
                    + " from generate_series(1, ?) as i")) {
      OffsetDateTime at = SEEN.atOffset(ZoneOffset.UTC);
      insert.setObject(1, tenant);
      insert.setObject(2, at);
      insert.setObject(3, at);
      insert.setObject(4, at);
      insert.setObject(5, at);
      insert.setInt(6, total);
      insert.executeUpdate();
    }
  }

  /**
   * Each export holds a database connection while it streams: at {@code
   * huntboard.export.max-concurrent} (4) exports in flight, one more answers 503 with Retry-After
   * instead of taking the pool from every other request, and the places come back when the clients
   * let go of their answers.
   */
  @Test
  void answersBusyWhileAsManyExportsStreamAsTheNodeAllowsAndServesAgainOnceTheyEnd()
      throws Exception {
    UUID tenant = TestTenants.localTenant("Busy");
    insertDetections(tenant, 100_000);
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(base + "api/v1/tenants/" + tenant + "/detections/export?format=csv"))
            .header(DevHeaders.ACTOR, "analyst")
            .header(DevHeaders.TENANTS, tenant.toString())
            .build();
    HttpClient client = HttpClient.newHttpClient();
    List<InputStream> held = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        HttpResponse<InputStream> open =
            client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(open.statusCode()).isEqualTo(200);
        // Read a little and stop: the export waits on the client, holding its place.
        assertThat(open.body().readNBytes(64)).hasSize(64);
        held.add(open.body());
      }
      HttpResponse<String> refused = client.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).contains("30");
      assertThat(JSON.readTree(refused.body()).path("type").asText()).endsWith("/busy");
      // Other requests still get a connection while the exports stream.
      Callers.member("analyst", tenant)
          .get("/api/v1/tenants/{t}/detections?size=1", tenant)
          .then()
          .statusCode(200);
    } finally {
      for (InputStream body : held) {
        body.close();
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    int status;
    do {
      Thread.sleep(200);
      status =
          client
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              base
                                  + "api/v1/tenants/"
                                  + tenant
                                  + "/detections/export?format=csv&from=2030-01-01T00:00:00Z"))
                      .header(DevHeaders.ACTOR, "analyst")
                      .header(DevHeaders.TENANTS, tenant.toString())
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .statusCode();
    } while (status == 503 && System.nanoTime() < deadline);
    assertThat(status).as("an export once the held ones were let go").isEqualTo(200);
  }

  private boolean exportQueryIsOpen() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "select count(*) from pg_stat_activity where pid <> pg_backend_pid()"
                    + " and state in ('active', 'idle in transaction')"
                    + " and query ilike '%from detection%' and query ilike '%order by%'")) {
      r.next();
      return r.getLong(1) > 0;
    }
  }

  private static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private UUID insertDetection(UUID tenant, String deviceId, String deviceName, Instant lastSeen)
      throws SQLException {
    UUID id = UUID.randomUUID();
    String grouping =
        JSON.createObjectNode()
            .put("DeviceId", deviceId)
            .put("DeviceName", deviceName)
            .put("RemoteUrl", "vnc.example")
            .toString();
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "insert into detection (id, tenant_id, rule_id, detection_key, grouping,"
                    + " first_seen, last_seen, event_count, report_ids, report_ids_complete,"
                    + " sightings, state, reopened_count, created_at, updated_at, version)"
                    + " values (?, ?, 'tigervnc', ?, cast(? as jsonb), ?, ?, 1, '[7]', true, 1,"
                    + " 'NEW', 0, ?, ?, 0)")) {
      OffsetDateTime at = lastSeen.atOffset(ZoneOffset.UTC);
      insert.setObject(1, id);
      insert.setObject(2, tenant);
      insert.setString(3, (id.toString().replace("-", "") + "0".repeat(64)).substring(0, 64));
      insert.setString(4, grouping);
      insert.setObject(5, at.minus(Duration.ofMinutes(5)));
      insert.setObject(6, at);
      insert.setObject(7, at);
      insert.setObject(8, at);
      insert.executeUpdate();
    }
    return id;
  }

  private static io.restassured.response.ValidatableResponse problem(
      Response response, int status) {
    return response
        .then()
        .statusCode(status)
        .contentType(containsString("application/problem+json"))
        .body("status", equalTo(status));
  }
}
