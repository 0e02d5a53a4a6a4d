package org.huntboard.connectors.local.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import org.huntboard.connectors.table.Ticks;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;
import org.huntboard.core.schema.TableSchema;

/**
 * Writes a deterministic tenant database: {@code DeviceNetworkEvents}, {@code DeviceProcessEvents}
 * and {@code DeviceFileCertificateInfo} as JSON lines with the columns of the Defender schemas, and
 * a {@code manifest.json} with the ground truth of every TigerVNC device/URL pair. The same options
 * give the same bytes: every random choice comes from a generator seeded by the seed, the device
 * and the hour.
 *
 * <p>Rows are written in time order, hour by hour; within a device {@code ReportId} is a counter
 * over all three tables, so (DeviceName, Timestamp, ReportId) is unique as in Defender.
 */
public final class TelemetryGenerator {

  static final String NETWORK = "DeviceNetworkEvents";
  static final String PROCESS = "DeviceProcessEvents";
  static final String CERTIFICATE = "DeviceFileCertificateInfo";

  /** The look-back of the published TigerVNC hunt ({@code now(-5d)}). */
  static final int RULE_LOOKBACK_DAYS = 5;

  private static final long HOUR = Ticks.PER_HOUR;
  private static final long DAY = Ticks.PER_DAY;

  private final GeneratorOptions options;
  private final long now;
  private final long start;
  private final List<Device> devices = new ArrayList<>();
  private final List<RmmTool> tools;
  private final Map<Integer, List<Event>> plannedByHour = new HashMap<>();
  private final Map<String, Pair> pairs = new LinkedHashMap<>();
  private final Map<String, Integer> toolDevices = new TreeMap<>();

  private JsonLinesTableWriter network;
  private JsonLinesTableWriter process;
  private JsonLinesTableWriter certificate;

  private TelemetryGenerator(GeneratorOptions options, List<RmmTool> tools) {
    this.options = options;
    this.tools = tools;
    this.now = Ticks.fromInstant(options.now());
    this.start = now - options.days() * DAY;
  }

  /** Generates the database into {@code options.out()}; returns the manifest's TigerVNC pairs. */
  public static GenerationResult generate(GeneratorOptions options) throws IOException {
    List<RmmTool> tools = options.rmmTools() == null ? List.of() : RmmTool.read(options.rmmTools());
    TelemetryGenerator g = new TelemetryGenerator(options, tools);
    return g.run();
  }

  /** What a generation wrote: rows per table and the TigerVNC ground truth. */
  public record GenerationResult(Map<String, Long> rows, List<Pair> tigerVncPairs) {}

  // ---------------------------------------------------------------------------------------------

  /** One device of the tenant, with its user and its software. */
  record Device(
      int index,
      String id,
      String name,
      String localIp,
      boolean server,
      boolean admin,
      String user,
      String sid,
      String upn,
      String objectId,
      ProcessImage browser,
      RmmTool rmm,
      long reportStart) {}

  /** A row planned for a table, ordered by time and device before it gets its ReportId. */
  record Event(long ticks, int device, long order, JsonLinesTableWriter table, Object[] row) {}

  /** The ground truth of one TigerVNC (DeviceId, DeviceName, RemoteUrl) pair. */
  public static final class Pair {
    final String deviceId;
    final String deviceName;
    final String remoteUrl;
    final String kind;
    final String reason;
    final boolean inRuleWindow;
    long firstSeen = Long.MAX_VALUE;
    long lastSeen = Long.MIN_VALUE;
    final List<Long> reportIds = new ArrayList<>();
    final List<Object[]> rows = new ArrayList<>();

    Pair(
        String deviceId,
        String deviceName,
        String remoteUrl,
        String kind,
        String reason,
        boolean in) {
      this.deviceId = deviceId;
      this.deviceName = deviceName;
      this.remoteUrl = remoteUrl;
      this.kind = kind;
      this.reason = reason;
      this.inRuleWindow = in;
    }

    public String deviceId() {
      return deviceId;
    }

    public String deviceName() {
      return deviceName;
    }

    public String remoteUrl() {
      return remoteUrl;
    }

    /** {@code true-positive} or the name of the false-positive scenario. */
    public String kind() {
      return kind;
    }

    public boolean inRuleWindow() {
      return inRuleWindow;
    }

    public long firstSeenTicks() {
      return firstSeen;
    }

    public long lastSeenTicks() {
      return lastSeen;
    }

    public List<Long> reportIds() {
      return reportIds;
    }

    public int count() {
      return reportIds.size();
    }
  }

  // ---------------------------------------------------------------------------------------------

  private GenerationResult run() throws IOException {
    Files.createDirectories(options.out());
    SchemaCatalog catalog = SchemaCatalog.builtIn(Dialect.DEFENDER);
    JsonFactory factory = new JsonFactory();
    try (JsonLinesTableWriter n =
            new JsonLinesTableWriter(
                options.out().resolve(NETWORK + ".jsonl"), schema(catalog, NETWORK), factory);
        JsonLinesTableWriter p =
            new JsonLinesTableWriter(
                options.out().resolve(PROCESS + ".jsonl"), schema(catalog, PROCESS), factory);
        JsonLinesTableWriter c =
            new JsonLinesTableWriter(
                options.out().resolve(CERTIFICATE + ".jsonl"),
                schema(catalog, CERTIFICATE),
                factory)) {
      network = n;
      process = p;
      certificate = c;
      createDevices();
      planTigerVnc();
      long[] reportIds = new long[devices.size()];
      for (Device d : devices) {
        reportIds[d.index()] = d.reportStart();
      }
      Map<String, Set<String>> certificatesSeen = new HashMap<>();
      int hours = options.days() * 24;
      for (int h = 0; h < hours; h++) {
        List<Event> events = new ArrayList<>();
        for (Device d : devices) {
          generateHour(d, h, events, certificatesSeen);
        }
        events.addAll(plannedByHour.getOrDefault(h, List.of()));
        events.sort(
            Comparator.comparingLong(Event::ticks)
                .thenComparingInt(Event::device)
                .thenComparingLong(Event::order));
        for (Event e : events) {
          long id = ++reportIds[e.device()];
          e.row()[e.table().column("ReportId")] = id;
          e.table().write(e.row());
        }
      }
    }
    for (Pair pair : pairs.values()) {
      for (Object[] row : pair.rows) {
        long t = (Long) row[network.column("Timestamp")];
        pair.firstSeen = Math.min(pair.firstSeen, t);
        pair.lastSeen = Math.max(pair.lastSeen, t);
        pair.reportIds.add((Long) row[network.column("ReportId")]);
      }
      pair.reportIds.sort(Comparator.naturalOrder());
    }
    Map<String, Long> rows = new LinkedHashMap<>();
    rows.put(NETWORK, network.rows());
    rows.put(PROCESS, process.rows());
    rows.put(CERTIFICATE, certificate.rows());
    writeManifest(rows);
    return new GenerationResult(rows, List.copyOf(pairs.values()));
  }

  private static TableSchema schema(SchemaCatalog catalog, String table) {
    return catalog
        .table(table)
        .orElseThrow(() -> new IllegalStateException("the defender catalog has no " + table));
  }

  private SplittableRandom random(long a, long b) {
    long x =
        options.seed() * 0x9E3779B97F4A7C15L + a * 0xC2B2AE3D27D4EB4FL + b * 0x165667B19E3779F9L;
    return new SplittableRandom(x);
  }

  private static <T> T pick(SplittableRandom r, List<T> list) {
    return list.get(r.nextInt(list.size()));
  }

  private void createDevices() {
    SplittableRandom r = random(-1, -1);
    Set<String> names = new HashSet<>();
    // The drawn names are role + 01..40 for servers and wks-/lt- + 0001..9999 for the rest; once a
    // kind's names are all taken, drawing again could never succeed (it looped forever from about
    // 2,700 devices on), so later devices of that kind are numbered by their index instead. Below
    // that size the draws, and so the output for a seed, are what they always were.
    int serverNames = Catalog.SERVER_ROLES.size() * 40;
    int workstationNames = 2 * 9999;
    int servers = 0;
    int workstations = 0;
    for (int i = 0; i < options.devices(); i++) {
      boolean server = r.nextInt(100) < 15;
      String name;
      if (server ? servers >= serverNames : workstations >= workstationNames) {
        name = server ? "srv-" + pick(r, Catalog.SERVER_ROLES) + (41 + i) : "wks-" + (10_000 + i);
        names.add(name);
      } else {
        do {
          name =
              server
                  ? "srv-"
                      + pick(r, Catalog.SERVER_ROLES)
                      + String.format("%02d", 1 + r.nextInt(40))
                  : (r.nextInt(100) < 60 ? "wks-" : "lt-")
                      + String.format("%04d", 1 + r.nextInt(9999));
        } while (!names.add(name));
      }
      if (server) {
        servers++;
      } else {
        workstations++;
      }
      String first = pick(r, Catalog.FIRST_NAMES);
      String last = pick(r, Catalog.LAST_NAMES);
      String user = first + "." + last;
      RmmTool rmm = !tools.isEmpty() && r.nextInt(100) < 25 ? pick(r, tools) : null;
      if (rmm != null) {
        toolDevices.merge(rmm.name(), 1, Integer::sum);
      }
      ProcessImage browser =
          switch (r.nextInt(10)) {
            case 0, 1, 2, 3 -> Catalog.EDGE;
            case 4, 5, 6, 7, 8 -> Catalog.CHROME;
            default -> Catalog.FIREFOX;
          };
      devices.add(
          new Device(
              i,
              hex(sha1("device|" + options.seed() + "|" + i)),
              name + "." + Catalog.DOMAIN,
              "10." + (20 + i / 62500 % 200) + "." + (i / 250 % 250) + "." + (i % 250 + 2),
              server,
              server || r.nextInt(100) < 8,
              user,
              "S-1-5-21-1004336348-1177238915-682003330-" + (1105 + i),
              user + "@contoso.com",
              new UUID(r.nextLong(), r.nextLong()).toString(),
              browser,
              rmm,
              1000 + r.nextInt(90_000)));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // TigerVNC sessions with ground truth

  private void planTigerVnc() {
    SplittableRandom r = random(-2, -2);
    int n = options.devices();
    int truePositives = Math.max(3, n / 25);
    int perScenario = Math.max(2, n / 40);
    int historic = options.days() > RULE_LOOKBACK_DAYS ? Math.max(1, n / 100) : 0;
    long windowDays = Math.min(options.days(), RULE_LOOKBACK_DAYS);
    long inFrom = now - windowDays * DAY + 2 * HOUR;
    long inTo = now - 3 * HOUR;
    List<String> kinds = new ArrayList<>();
    for (int i = 0; i < truePositives; i++) {
      kinds.add(TigerVncPlan.TRUE_POSITIVE);
    }
    for (String s : TigerVncPlan.SCENARIOS) {
      for (int i = 0; i < perScenario; i++) {
        kinds.add(s);
      }
    }
    Map<String, Integer> nth = new HashMap<>();
    int pairNo = 0;
    for (String kind : kinds) {
      plan(r, kind, nth.merge(kind, 1, Integer::sum) - 1, pairNo++, inFrom, inTo, true);
    }
    long oldFrom = start + 2 * HOUR;
    long oldTo = now - RULE_LOOKBACK_DAYS * DAY - 2 * HOUR;
    for (int i = 0; i < historic; i++) {
      String kind = i % 2 == 0 ? TigerVncPlan.TRUE_POSITIVE : TigerVncPlan.SCENARIOS.get(i % 5);
      plan(r, kind, nth.merge(kind, 1, Integer::sum) - 1, pairNo++, oldFrom, oldTo, false);
    }
  }

  private void plan(
      SplittableRandom r, String kind, int n, int pairNo, long from, long to, boolean inWindow) {
    Device d = devices.get(r.nextInt(devices.size()));
    boolean tp = kind.equals(TigerVncPlan.TRUE_POSITIVE);
    String target;
    String remoteIp;
    if (tp) {
      String[] tlds = {"top", "xyz", "info", "online", "site"};
      target =
          randomLabel(r, 6)
              + "-"
              + pairNo
              + "."
              + randomLabel(r, 5)
              + "."
              + tlds[r.nextInt(tlds.length)];
      // TEST-NET ranges: documentation addresses, never a real host.
      remoteIp = (r.nextBoolean() ? "203.0.113." : "198.51.100.") + (1 + r.nextInt(254));
    } else {
      target =
          "srv-"
              + pick(r, List.of("app", "web", "sql", "file", "cfg"))
              + String.format("%02d", pairNo)
              + "."
              + Catalog.DOMAIN;
      remoteIp = "10.10." + (pairNo / 250) + "." + (pairNo % 250 + 2);
    }
    TigerVncPlan.Variant v = TigerVncPlan.variant(kind, n, target, d.user());
    Pair pair = new Pair(d.id(), d.name(), target, kind, v.reason(), inWindow);
    pairs.put(d.id() + "|" + target, pair);
    int sessions = 1 + r.nextInt(3);
    for (int s = 0; s < sessions; s++) {
      long sessionStart = from + (long) (r.nextDouble() * (to - from - 2 * HOUR));
      int pid = 4 * (1000 + r.nextInt(7000));
      int parentPid = 4 * (200 + r.nextInt(1000));
      long parentCreated = sessionStart - (long) (r.nextDouble() * 6 * HOUR) - Ticks.PER_MINUTE;
      long created =
          sessionStart - (long) (r.nextDouble() * 20 * Ticks.PER_SECOND) - Ticks.PER_SECOND;
      addPlanned(
          d,
          created,
          process,
          processRow(
              d,
              v.image(),
              v.commandLine(),
              pid,
              created,
              parentImageFor(v.parent()),
              v.parent(),
              parentPid,
              parentCreated,
              v.system(),
              r));
      int connections = 1 + r.nextInt(5);
      long t = sessionStart;
      for (int c = 0; c < connections; c++) {
        Object[] row =
            networkRow(
                d,
                v.image(),
                v.commandLine(),
                pid,
                created,
                v.parent(),
                parentPid,
                parentCreated,
                v.system(),
                r,
                t,
                target,
                remoteIp,
                v.port(),
                "Tcp",
                tp ? "Public" : "Private",
                c == 0
                    ? "ConnectionSuccess"
                    : pick(
                        r, List.of("ConnectionSuccess", "ConnectionSuccess", "ConnectionAttempt")));
        if (v.remoteSession()) {
          row[network.column("IsInitiatingProcessRemoteSession")] = true;
          row[network.column("InitiatingProcessRemoteSessionDeviceName")] = "ADMIN-JUMP01";
          row[network.column("InitiatingProcessRemoteSessionIP")] = "10.10.0.15";
          row[network.column("InitiatingProcessSessionId")] = 3L;
        }
        addPlanned(d, t, network, row);
        pair.rows.add(row);
        t += (long) (r.nextDouble() * 25 * Ticks.PER_MINUTE) + Ticks.PER_SECOND;
      }
    }
  }

  private static ProcessImage parentImageFor(String parent) {
    return switch (parent) {
      case "svchost.exe" -> Catalog.SVCHOST;
      case "cmd.exe" -> Catalog.CMD;
      case "explorer.exe" -> Catalog.EXPLORER;
      case "mstsc.exe" -> Catalog.MSTSC;
      default -> null;
    };
  }

  private long plannedOrder;

  private void addPlanned(Device d, long ticks, JsonLinesTableWriter table, Object[] row) {
    int hour = (int) Math.floorDiv(ticks - start, HOUR);
    hour = Math.max(0, Math.min(options.days() * 24 - 1, hour));
    row[table.column("Timestamp")] = ticks;
    plannedByHour
        .computeIfAbsent(hour, k -> new ArrayList<>())
        .add(new Event(ticks, d.index(), (1L << 40) + plannedOrder++, table, row));
  }

  // ---------------------------------------------------------------------------------------------
  // Ordinary traffic

  /** One application's network behaviour on a device. */
  private record App(
      ProcessImage image, String parent, boolean system, int weight, Destinations to) {}

  private interface Destinations {
    /** Fills RemoteUrl, RemoteIP, RemotePort, Protocol, RemoteIPType of a row. */
    void fill(SplittableRandom r, Object[] row, TelemetryGenerator g, Device d);
  }

  private List<App> apps(Device d) {
    List<App> apps = new ArrayList<>();
    apps.add(
        new App(
            d.browser(),
            "explorer.exe",
            false,
            d.server() ? 3 : 40,
            (r, row, g, dev) -> g.web(r, row)));
    apps.add(
        new App(Catalog.SVCHOST, "services.exe", true, 14, (r, row, g, dev) -> g.windows(r, row)));
    apps.add(
        new App(
            Catalog.MSSENSE,
            "services.exe",
            true,
            6,
            (r, row, g, dev) -> g.external(r, row, Catalog.DEFENDER, 443)));
    apps.add(
        new App(
            Catalog.MSMPENG,
            "services.exe",
            true,
            3,
            (r, row, g, dev) ->
                g.external(
                    r,
                    row,
                    List.of(
                        "wdcp.microsoft.com",
                        "definitionupdates.microsoft.com",
                        "go.microsoft.com"),
                    443)));
    apps.add(
        new App(
            Catalog.SMARTSCREEN,
            "svchost.exe",
            false,
            2,
            (r, row, g, dev) ->
                g.external(
                    r,
                    row,
                    List.of("checkappexec.microsoft.com", "nav.smartscreen.microsoft.com"),
                    443)));
    if (!d.server()) {
      apps.add(
          new App(
              Catalog.OUTLOOK,
              "explorer.exe",
              false,
              9,
              (r, row, g, dev) -> g.external(r, row, Catalog.OFFICE, 443)));
      apps.add(
          new App(Catalog.TEAMS, "explorer.exe", false, 9, (r, row, g, dev) -> g.teams(r, row)));
      apps.add(
          new App(
              Catalog.ONEDRIVE_TEMPLATE,
              "explorer.exe",
              false,
              5,
              (r, row, g, dev) -> g.external(r, row, Catalog.ONEDRIVE, 443)));
      apps.add(
          new App(
              Catalog.SEARCHAPP,
              "svchost.exe",
              false,
              3,
              (r, row, g, dev) ->
                  g.external(
                      r,
                      row,
                      List.of(
                          "www.bing.com",
                          "th.bing.com",
                          "business.bing.com",
                          "img-s-msn-com.akamaized.net"),
                      443)));
    }
    if (d.admin()) {
      apps.add(
          new App(
              Catalog.MSTSC,
              "explorer.exe",
              false,
              2,
              (r, row, g, dev) -> g.internal(r, row, 3389)));
      apps.add(
          new App(
              Catalog.POWERSHELL,
              "explorer.exe",
              false,
              2,
              (r, row, g, dev) -> g.internal(r, row, r.nextBoolean() ? 5985 : 5986)));
      apps.add(
          new App(
              Catalog.PSEXEC, "cmd.exe", false, 1, (r, row, g, dev) -> g.internal(r, row, 445)));
      apps.add(
          new App(
              Catalog.MMC, "explorer.exe", false, 1, (r, row, g, dev) -> g.internal(r, row, 135)));
    }
    apps.add(new App(Catalog.CCMEXEC, "services.exe", true, 2, (r, row, g, dev) -> g.sccm(r, row)));
    if (d.rmm() != null) {
      RmmTool t = d.rmm();
      apps.add(
          new App(
              rmmImage(t),
              "services.exe",
              true,
              4,
              (r, row, g, dev) -> g.external(r, row, rmmHosts(t), 443)));
    }
    return apps;
  }

  private static final Map<String, ProcessImage> RMM_IMAGES = new HashMap<>();

  static ProcessImage rmmImage(RmmTool t) {
    return RMM_IMAGES.computeIfAbsent(
        t.name(),
        k -> {
          String file = t.name().replaceAll("[^A-Za-z0-9]", "") + ".exe";
          String company = t.companies().isEmpty() ? t.name() : t.companies().get(0);
          String product = t.products().isEmpty() ? t.name() : t.products().get(0);
          String signer = t.signers().isEmpty() ? "" : t.signers().get(0);
          return ProcessImage.of(
              file,
              "C:\\Program Files (x86)\\" + t.name(),
              company,
              product,
              "5.2.1.118",
              product + " Agent",
              file,
              signer,
              signer.isEmpty() ? "" : "DigiCert Trusted G4 Code Signing RSA4096 SHA384 2021 CA1");
        });
  }

  /**
   * The tool's domains as host names (a bare label such as {@code atera-agent-heartbeat} gets a
   * parent).
   */
  static List<String> rmmHosts(RmmTool t) {
    List<String> hosts = new ArrayList<>();
    for (String d : t.domains()) {
      hosts.add(d.contains(".") ? d : d + ".servicebus.windows.net");
    }
    return hosts;
  }

  private static final long[] HOUR_WEIGHT_WORKSTATION = new long[24];

  static {
    for (int h = 0; h < 24; h++) {
      HOUR_WEIGHT_WORKSTATION[h] = h >= 7 && h <= 18 ? 100 : 12;
    }
  }

  private void generateHour(
      Device d, int h, List<Event> events, Map<String, Set<String>> certsSeen) {
    SplittableRandom r = random(d.index(), h);
    long hourStart = start + h * HOUR;
    int hourOfDay = (int) Math.floorMod(hourStart / HOUR, 24);
    long weightSum = 0;
    for (long w : HOUR_WEIGHT_WORKSTATION) {
      weightSum += w;
    }
    double share = d.server() ? 1.0 / 24 : (double) HOUR_WEIGHT_WORKSTATION[hourOfDay] / weightSum;
    double expected = options.networkEventsPerDeviceDay() * share;
    int count = (int) Math.floor(expected + r.nextDouble());
    List<App> apps = apps(d);
    int total = apps.stream().mapToInt(App::weight).sum();
    int day = (int) ((hourStart - start) / DAY);
    long order = 0;
    for (int i = 0; i < count; i++) {
      int w = r.nextInt(total);
      App app = apps.get(0);
      for (App a : apps) {
        w -= a.weight();
        if (w < 0) {
          app = a;
          break;
        }
      }
      long t = hourStart + (long) (r.nextDouble() * HOUR);
      ProcessImage image = app.image();
      if (image == Catalog.ONEDRIVE_TEMPLATE) {
        image = image.in("C:\\Users\\" + d.user() + "\\AppData\\Local\\Microsoft\\OneDrive");
      }
      Instance inst = instance(d, app, image, day, hourStart, t);
      String commandLine = commandLine(image, d);
      Object[] row =
          networkRow(
              d,
              image,
              commandLine,
              inst.pid,
              inst.created,
              app.parent(),
              inst.parentPid,
              inst.parentCreated,
              app.system(),
              r,
              t,
              null,
              null,
              0,
              "Tcp",
              null,
              r.nextInt(100) < 96 ? "ConnectionSuccess" : "ConnectionFailed");
      app.to().fill(r, row, this, d);
      events.add(new Event(t, d.index(), order++, network, row));
      if (inst.created >= hourStart && !inst.reported) {
        inst.reported = true;
        Object[] p =
            processRow(
                d,
                image,
                commandLine,
                inst.pid,
                inst.created,
                parentImageFor(app.parent()),
                app.parent(),
                inst.parentPid,
                inst.parentCreated,
                app.system(),
                r);
        p[process.column("Timestamp")] = inst.created;
        events.add(new Event(inst.created, d.index(), order++, process, p));
        if (!image.signer().isEmpty()
            && certsSeen.computeIfAbsent(d.id(), k -> new HashSet<>()).add(image.sha1())) {
          Object[] c = certificateRow(d, image, inst.created + Ticks.PER_SECOND);
          events.add(
              new Event(inst.created + Ticks.PER_SECOND, d.index(), order++, certificate, c));
        }
      }
    }
    // Short-lived background processes without network activity.
    int background = d.server() ? 1 : (hourOfDay >= 7 && hourOfDay <= 18 ? 3 : 1);
    for (int i = 0; i < background; i++) {
      ProcessImage image = pick(r, Catalog.BACKGROUND);
      long t = hourStart + (long) (r.nextDouble() * HOUR);
      Object[] p =
          processRow(
              d,
              image,
              "\"" + image.path() + "\"",
              4 * (500 + r.nextInt(9000)),
              t,
              Catalog.SVCHOST,
              "svchost.exe",
              4 * (100 + r.nextInt(400)),
              start - 3 * DAY,
              !image.fileName().equals("RuntimeBroker.exe"),
              r);
      p[process.column("Timestamp")] = t;
      events.add(new Event(t, d.index(), order++, process, p));
    }
  }

  /** A running process: services started at boot, user apps once a day at first use. */
  private static final class Instance {
    int pid;
    long created;
    int parentPid;
    long parentCreated;
    int day;
    boolean reported;
  }

  private final Map<String, Instance> instances = new HashMap<>();

  private Instance instance(
      Device d, App app, ProcessImage image, int day, long hourStart, long firstUse) {
    String key = d.index() + "|" + image.fileName();
    Instance inst = instances.get(key);
    boolean service = app.system();
    if (inst == null || (!service && inst.day != day)) {
      SplittableRandom r = random(d.index() * 7919L + image.fileName().hashCode(), day);
      inst = new Instance();
      inst.pid = 4 * (250 + r.nextInt(8000));
      inst.parentPid = 4 * (100 + r.nextInt(1500));
      inst.day = day;
      if (service) {
        // Started at boot, before the generated window: no process event in range.
        inst.created = start - DAY - (long) (r.nextDouble() * 2 * DAY);
        inst.parentCreated = inst.created - 30 * Ticks.PER_SECOND;
        inst.reported = true;
      } else {
        // Started shortly before its first connection of the day, within the same hour.
        inst.created =
            Math.max(
                hourStart,
                firstUse - Ticks.PER_SECOND - (long) (r.nextDouble() * 60 * Ticks.PER_SECOND));
        inst.parentCreated = hourStart - (long) (r.nextDouble() * 2 * HOUR);
      }
      instances.put(key, inst);
    }
    return inst;
  }

  private static String commandLine(ProcessImage image, Device d) {
    return switch (image.fileName()) {
      case "svchost.exe" -> "svchost.exe -k netsvcs -p -s wuauserv";
      case "msedge.exe" -> "\"" + image.path() + "\" --profile-directory=Default";
      case "chrome.exe" -> "\"" + image.path() + "\"";
      case "firefox.exe" -> "\"" + image.path() + "\" -osint -url";
      case "MsSense.exe", "MsMpEng.exe", "CcmExec.exe" -> "\"" + image.path() + "\"";
      case "powershell.exe" ->
          "powershell.exe -NoLogo -Command \"Enter-PSSession -ComputerName srv-app01\"";
      case "mstsc.exe" -> "\"C:\\Windows\\system32\\mstsc.exe\" /v:srv-app01." + Catalog.DOMAIN;
      case "PsExec.exe" -> "PsExec.exe \\\\srv-fs01 -s cmd /c ipconfig /all";
      case "OUTLOOK.EXE" -> "\"" + image.path() + "\"";
      case "ms-teams.exe" -> "\"" + image.path() + "\" --system-initiated";
      case "OneDrive.exe" -> "\"" + image.path() + "\" /background";
      case "smartscreen.exe" -> "C:\\Windows\\System32\\smartscreen.exe -Embedding";
      default -> "\"" + image.path() + "\"";
    };
  }

  // --- destinations

  void web(SplittableRandom r, Object[] row) {
    int k = r.nextInt(100);
    String host;
    if (k < 55) {
      host = pick(r, Catalog.WEB);
    } else if (k < 70) {
      host = "rr" + (1 + r.nextInt(8)) + "---sn-" + randomLabel(r, 8) + ".googlevideo.com";
    } else if (k < 82) {
      host = "d" + randomLabel(r, 13) + ".cloudfront.net";
    } else if (k < 90) {
      host = "e" + (10000 + r.nextInt(89999)) + ".dscx.akamaiedge.net";
    } else if (k < 96) {
      host = randomLabel(r, 10) + ".blob.core.windows.net";
    } else {
      host = "cdn" + r.nextInt(50) + "." + pick(r, Catalog.WEB).replaceFirst("^www\\.", "");
    }
    boolean quic = host.endsWith("googlevideo.com") || host.endsWith(".google.com");
    setRemote(
        row,
        host,
        publicIp(host),
        k < 4 ? 80 : 443,
        quic && r.nextBoolean() ? "Udp" : "Tcp",
        "Public");
  }

  void windows(SplittableRandom r, Object[] row) {
    if (r.nextInt(100) < 25) {
      setRemote(row, "", "10.10.0." + (10 + r.nextInt(2)), 53, "Udp", "Private");
      return;
    }
    String host = pick(r, Catalog.WINDOWS);
    setRemote(row, host, publicIp(host), r.nextInt(100) < 20 ? 80 : 443, "Tcp", "Public");
  }

  void teams(SplittableRandom r, Object[] row) {
    String host =
        r.nextInt(100) < 30
            ? "pub-ent-"
                + pick(r, List.of("euno", "usea", "uswe", "frce"))
                + "-"
                + String.format("%02d", r.nextInt(20))
                + "-t.trouter.teams.microsoft.com"
            : pick(r, Catalog.TEAMS_HOSTS);
    setRemote(row, host, publicIp(host), 443, "Tcp", "Public");
  }

  void external(SplittableRandom r, Object[] row, List<String> hosts, int port) {
    String host = pick(r, hosts);
    setRemote(row, host, publicIp(host), port, "Tcp", "Public");
  }

  void internal(SplittableRandom r, Object[] row, int port) {
    String host = "srv-" + pick(r, Catalog.SERVER_ROLES) + String.format("%02d", 1 + r.nextInt(12));
    setRemote(
        row,
        r.nextBoolean() ? host + "." + Catalog.DOMAIN : "",
        "10.10.1." + (2 + Math.floorMod(host.hashCode(), 200)),
        port,
        "Tcp",
        "Private");
  }

  void sccm(SplittableRandom r, Object[] row) {
    String host = "srv-sccm01." + Catalog.DOMAIN;
    setRemote(row, host, "10.10.1.40", r.nextBoolean() ? 443 : 10123, "Tcp", "Private");
  }

  private void setRemote(
      Object[] row, String url, String ip, int port, String protocol, String ipType) {
    row[network.column("RemoteUrl")] = url;
    row[network.column("RemoteIP")] = ip;
    row[network.column("RemotePort")] = port;
    row[network.column("Protocol")] = protocol;
    row[network.column("RemoteIPType")] = ipType;
  }

  /** A stable public address for a host name (String.hashCode is specified, so runs agree). */
  private static String publicIp(String host) {
    long h = host.hashCode() * 0x9E3779B97F4A7C15L;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    int[] first = {13, 20, 23, 40, 52, 104, 142, 151, 172, 185, 199};
    return first[(int) Math.floorMod(h, (long) first.length)]
        + "."
        + ((h >>> 8) & 0xff)
        + "."
        + ((h >>> 16) & 0xff)
        + "."
        + (1 + Math.floorMod(h >>> 24, 254L));
  }

  private static String randomLabel(SplittableRandom r, int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder sb = new StringBuilder(length);
    sb.append(alphabet.charAt(r.nextInt(26)));
    for (int i = 1; i < length; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  // --- rows

  private Object[] networkRow(
      Device d,
      ProcessImage image,
      String commandLine,
      int pid,
      long created,
      String parent,
      int parentPid,
      long parentCreated,
      boolean system,
      SplittableRandom r,
      long t,
      String url,
      String ip,
      int port,
      String protocol,
      String ipType,
      String action) {
    JsonLinesTableWriter w = network;
    Object[] row = w.newRow();
    row[w.column("Timestamp")] = t;
    row[w.column("DeviceId")] = d.id();
    row[w.column("DeviceName")] = d.name();
    row[w.column("ActionType")] = action;
    row[w.column("LocalIP")] = d.localIp();
    row[w.column("LocalPort")] = 49152 + r.nextInt(16383);
    row[w.column("LocalIPType")] = "Private";
    if (url != null) {
      setRemote(row, url, ip, port, protocol, ipType);
    }
    initiating(
        w, row, d, image, commandLine, pid, created, parent, parentPid, parentCreated, system);
    row[w.column("AppGuardContainerId")] = "";
    row[w.column("AdditionalFields")] = "";
    row[w.column("InitiatingProcessSessionId")] = system ? 0L : 1L;
    row[w.column("IsInitiatingProcessRemoteSession")] = false;
    row[w.column("InitiatingProcessRemoteSessionDeviceName")] = "";
    row[w.column("InitiatingProcessRemoteSessionIP")] = "";
    return row;
  }

  private void initiating(
      JsonLinesTableWriter w,
      Object[] row,
      Device d,
      ProcessImage image,
      String commandLine,
      int pid,
      long created,
      String parent,
      int parentPid,
      long parentCreated,
      boolean system) {
    row[w.column("InitiatingProcessSHA1")] = image.sha1();
    row[w.column("InitiatingProcessSHA256")] = image.sha256();
    row[w.column("InitiatingProcessMD5")] = image.md5();
    row[w.column("InitiatingProcessFileName")] = image.fileName();
    row[w.column("InitiatingProcessFileSize")] = image.size();
    row[w.column("InitiatingProcessVersionInfoCompanyName")] = image.company();
    row[w.column("InitiatingProcessVersionInfoProductName")] = image.product();
    row[w.column("InitiatingProcessVersionInfoProductVersion")] = image.version();
    row[w.column("InitiatingProcessVersionInfoInternalFileName")] = image.internalName();
    row[w.column("InitiatingProcessVersionInfoOriginalFileName")] = image.originalName();
    row[w.column("InitiatingProcessVersionInfoFileDescription")] = image.description();
    row[w.column("InitiatingProcessId")] = (long) pid;
    row[w.column("InitiatingProcessCommandLine")] = commandLine;
    row[w.column("InitiatingProcessCreationTime")] = created;
    row[w.column("InitiatingProcessFolderPath")] = image.path().toLowerCase(java.util.Locale.ROOT);
    row[w.column("InitiatingProcessParentFileName")] = parent;
    row[w.column("InitiatingProcessParentId")] = (long) parentPid;
    row[w.column("InitiatingProcessParentCreationTime")] = parentCreated;
    row[w.column("InitiatingProcessAccountDomain")] = system ? "nt authority" : "contoso";
    row[w.column("InitiatingProcessAccountName")] = system ? "system" : d.user();
    row[w.column("InitiatingProcessAccountSid")] = system ? "S-1-5-18" : d.sid();
    row[w.column("InitiatingProcessAccountUpn")] = system ? "" : d.upn();
    row[w.column("InitiatingProcessAccountObjectId")] = system ? "" : d.objectId();
    row[w.column("InitiatingProcessIntegrityLevel")] = system ? "System" : "Medium";
    row[w.column("InitiatingProcessTokenElevation")] =
        system ? "TokenElevationTypeDefault" : "TokenElevationTypeLimited";
  }

  private Object[] processRow(
      Device d,
      ProcessImage image,
      String commandLine,
      int pid,
      long created,
      ProcessImage parentImage,
      String parent,
      int parentPid,
      long parentCreated,
      boolean system,
      SplittableRandom r) {
    JsonLinesTableWriter w = process;
    Object[] row = w.newRow();
    row[w.column("Timestamp")] = created;
    row[w.column("DeviceId")] = d.id();
    row[w.column("DeviceName")] = d.name();
    row[w.column("ActionType")] = "ProcessCreated";
    row[w.column("FileName")] = image.fileName();
    row[w.column("FolderPath")] = image.path();
    row[w.column("SHA1")] = image.sha1();
    row[w.column("SHA256")] = image.sha256();
    row[w.column("MD5")] = image.md5();
    row[w.column("FileSize")] = image.size();
    row[w.column("ProcessVersionInfoCompanyName")] = image.company();
    row[w.column("ProcessVersionInfoProductName")] = image.product();
    row[w.column("ProcessVersionInfoProductVersion")] = image.version();
    row[w.column("ProcessVersionInfoInternalFileName")] = image.internalName();
    row[w.column("ProcessVersionInfoOriginalFileName")] = image.originalName();
    row[w.column("ProcessVersionInfoFileDescription")] = image.description();
    row[w.column("ProcessId")] = (long) pid;
    row[w.column("ProcessCommandLine")] = commandLine;
    row[w.column("ProcessIntegrityLevel")] = system ? "System" : "Medium";
    row[w.column("ProcessTokenElevation")] =
        system ? "TokenElevationTypeDefault" : "TokenElevationTypeLimited";
    row[w.column("ProcessCreationTime")] = created;
    row[w.column("AccountDomain")] = system ? "nt authority" : "contoso";
    row[w.column("AccountName")] = system ? "system" : d.user();
    row[w.column("AccountSid")] = system ? "S-1-5-18" : d.sid();
    row[w.column("AccountUpn")] = system ? "" : d.upn();
    row[w.column("AccountObjectId")] = system ? "" : d.objectId();
    row[w.column("LogonId")] = system ? 999L : 0x3e7L + 1000 + d.index();
    row[w.column("InitiatingProcessAccountDomain")] = system ? "nt authority" : "contoso";
    row[w.column("InitiatingProcessAccountName")] = system ? "system" : d.user();
    row[w.column("InitiatingProcessAccountSid")] = system ? "S-1-5-18" : d.sid();
    row[w.column("InitiatingProcessAccountUpn")] = system ? "" : d.upn();
    row[w.column("InitiatingProcessAccountObjectId")] = system ? "" : d.objectId();
    row[w.column("InitiatingProcessLogonId")] = system ? 999L : 0x3e7L + 1000 + d.index();
    row[w.column("InitiatingProcessIntegrityLevel")] = system ? "System" : "Medium";
    row[w.column("InitiatingProcessTokenElevation")] =
        system ? "TokenElevationTypeDefault" : "TokenElevationTypeLimited";
    ProcessImage p = parentImage;
    row[w.column("InitiatingProcessFileName")] = parent;
    row[w.column("InitiatingProcessSHA1")] = p == null ? "" : p.sha1();
    row[w.column("InitiatingProcessSHA256")] = p == null ? "" : p.sha256();
    row[w.column("InitiatingProcessMD5")] = p == null ? "" : p.md5();
    row[w.column("InitiatingProcessFileSize")] = p == null ? null : p.size();
    row[w.column("InitiatingProcessVersionInfoCompanyName")] = p == null ? "" : p.company();
    row[w.column("InitiatingProcessVersionInfoProductName")] = p == null ? "" : p.product();
    row[w.column("InitiatingProcessVersionInfoProductVersion")] = p == null ? "" : p.version();
    row[w.column("InitiatingProcessVersionInfoInternalFileName")] =
        p == null ? "" : p.internalName();
    row[w.column("InitiatingProcessVersionInfoOriginalFileName")] =
        p == null ? "" : p.originalName();
    row[w.column("InitiatingProcessVersionInfoFileDescription")] = p == null ? "" : p.description();
    row[w.column("InitiatingProcessId")] = (long) parentPid;
    row[w.column("InitiatingProcessCommandLine")] = p == null ? parent : p.fileName();
    row[w.column("InitiatingProcessCreationTime")] = parentCreated;
    row[w.column("InitiatingProcessFolderPath")] =
        p == null ? "" : p.path().toLowerCase(java.util.Locale.ROOT);
    row[w.column("InitiatingProcessParentId")] = (long) (4 * (50 + r.nextInt(150)));
    row[w.column("InitiatingProcessParentFileName")] = system ? "services.exe" : "userinit.exe";
    row[w.column("InitiatingProcessParentCreationTime")] = parentCreated - 5 * Ticks.PER_SECOND;
    row[w.column("InitiatingProcessSignerType")] =
        p == null ? "" : p.company().equals(Catalog.MS) ? "OsVendor" : "ThirdParty";
    row[w.column("InitiatingProcessSignatureStatus")] = p == null ? "" : "Valid";
    row[w.column("AppGuardContainerId")] = "";
    row[w.column("AdditionalFields")] = "";
    return row;
  }

  private Object[] certificateRow(Device d, ProcessImage image, long t) {
    JsonLinesTableWriter w = certificate;
    Object[] row = w.newRow();
    byte[] h = sha1("cert|" + image.signer() + "|" + image.issuer());
    long issued =
        Ticks.fromInstant(java.time.Instant.parse("2023-03-01T00:00:00Z")) + (h[0] & 0xff) * DAY;
    row[w.column("Timestamp")] = t;
    row[w.column("DeviceId")] = d.id();
    row[w.column("DeviceName")] = d.name();
    row[w.column("SHA1")] = image.sha1();
    row[w.column("IsSigned")] = true;
    row[w.column("SignatureType")] =
        image.signer().equals(Catalog.MS_SIGNER) ? "Catalog" : "Embedded";
    row[w.column("Signer")] = image.signer();
    row[w.column("SignerHash")] = hex(h);
    row[w.column("Issuer")] = image.issuer();
    row[w.column("IssuerHash")] = hex(sha1("issuer|" + image.issuer()));
    row[w.column("CertificateSerialNumber")] =
        hex(sha1("serial|" + image.signer())).substring(0, 32);
    row[w.column("CrlDistributionPointUrls")] =
        "[\"http://crl.example-ca.test/" + hex(h).substring(0, 8) + ".crl\"]";
    row[w.column("CertificateCreationTime")] = issued;
    row[w.column("CertificateExpirationTime")] = issued + 395 * DAY;
    row[w.column("CertificateCountersignatureTime")] = issued + 30 * DAY;
    row[w.column("IsTrusted")] = true;
    row[w.column("IsRootSignerMicrosoft")] = image.signer().startsWith("Microsoft");
    return row;
  }

  // ---------------------------------------------------------------------------------------------
  // Manifest

  private void writeManifest(Map<String, Long> rows) throws IOException {
    Path file = options.out().resolve("manifest.json");
    JsonFactory factory = new JsonFactory();
    try (JsonGenerator json =
        factory.createGenerator(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      json.writeStringField("generator", "huntboard generate");
      json.writeNumberField("seed", options.seed());
      json.writeNumberField("devices", options.devices());
      json.writeNumberField("days", options.days());
      json.writeNumberField("networkEventsPerDeviceDay", options.networkEventsPerDeviceDay());
      json.writeStringField("now", Ticks.formatDatetime(now));
      json.writeObjectFieldStart("window");
      json.writeStringField("start", Ticks.formatDatetime(start));
      json.writeStringField("end", Ticks.formatDatetime(now));
      json.writeEndObject();
      json.writeObjectFieldStart("ruleWindow");
      json.writeStringField("start", Ticks.formatDatetime(now - RULE_LOOKBACK_DAYS * DAY));
      json.writeStringField("end", Ticks.formatDatetime(now));
      json.writeEndObject();
      json.writeObjectFieldStart("rows");
      for (Map.Entry<String, Long> e : rows.entrySet()) {
        json.writeNumberField(e.getKey(), e.getValue());
      }
      json.writeEndObject();
      json.writeArrayFieldStart("rmmTools");
      for (Map.Entry<String, Integer> e : toolDevices.entrySet()) {
        RmmTool t =
            tools.stream().filter(x -> x.name().equals(e.getKey())).findFirst().orElseThrow();
        ProcessImage image = rmmImage(t);
        json.writeStartObject();
        json.writeStringField("tool", t.name());
        json.writeNumberField("devices", e.getValue());
        json.writeStringField("fileName", image.fileName());
        json.writeStringField("company", image.company());
        json.writeStringField("product", image.product());
        json.writeStringField("signer", image.signer());
        json.writeArrayFieldStart("remoteUrls");
        for (String h : rmmHosts(t)) {
          json.writeString(h);
        }
        json.writeEndArray();
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeObjectFieldStart("tigerVnc");
      json.writeStringField(
          "rule", "Remote Management and Monitoring tool - TigerVNC - Network Connection");
      json.writeArrayFieldStart("scenarios");
      for (String s : TigerVncPlan.SCENARIOS) {
        json.writeString(s);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("pairs");
      for (Pair p : pairs.values()) {
        json.writeStartObject();
        json.writeStringField("DeviceId", p.deviceId);
        json.writeStringField("DeviceName", p.deviceName);
        json.writeStringField("RemoteUrl", p.remoteUrl);
        json.writeStringField(
            "verdict",
            p.kind.equals(TigerVncPlan.TRUE_POSITIVE) ? "true-positive" : "false-positive");
        if (p.kind.equals(TigerVncPlan.TRUE_POSITIVE)) {
          json.writeNullField("scenario");
        } else {
          json.writeStringField("scenario", p.kind);
        }
        json.writeStringField("reason", p.reason);
        json.writeBooleanField("inRuleWindow", p.inRuleWindow);
        json.writeStringField("FirstSeen", Ticks.formatDatetime(p.firstSeen));
        json.writeStringField("LastSeen", Ticks.formatDatetime(p.lastSeen));
        json.writeArrayFieldStart("ReportIds");
        for (long id : p.reportIds) {
          json.writeNumber(id);
        }
        json.writeEndArray();
        json.writeNumberField("Count", p.reportIds.size());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeEndObject();
      json.writeRaw('\n');
    }
  }

  private static byte[] sha1(String text) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
