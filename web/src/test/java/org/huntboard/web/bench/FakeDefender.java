package org.huntboard.web.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Plays Microsoft Entra ID's token endpoint and Defender XDR's {@code runHuntingQuery} on 127.0.0.1
 * over HTTPS for many tenants at once, as the service behaves under load: at most {@code
 * callsPerMinute} hunting calls per Entra tenant in any minute of the simulated clock (beyond that
 * 429 with {@code Retry-After}), and an answer time drawn uniformly from 200–2,000 ms of simulated
 * time, slept for real divided by the clock's speed-up. A fault {@link Mode} makes every hunting
 * call fail one way for as long as it is set.
 *
 * <p>Each Entra tenant gets its own token ({@code bench.<entra tenant>}), so the fake knows whose
 * quota a call counts against the way the service does: from the token.
 */
public final class FakeDefender implements AutoCloseable {

  /** The app registration the bench tenants' credentials name. */
  public static final String CLIENT_ID = "b3c4d5e6-0000-4000-8000-00000000be01";

  /** Its secret. */
  public static final String CLIENT_SECRET = "bench-secret-not-a-real-one";

  /** How every hunting call answers while the mode is set. */
  public enum Mode {
    NORMAL,
    SERVER_ERROR,
    THROTTLE,
    MALFORMED
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  static final String HUNT = "/v1.0/security/runHuntingQuery";

  private final HttpsServer server;
  private final ExecutorService workers;
  private final Clock clock;
  private final double speedup;
  private final int callsPerMinute;
  private final Map<String, Deque<Instant>> accepted = new ConcurrentHashMap<>();
  private volatile Mode mode = Mode.NORMAL;

  final AtomicLong tokens = new AtomicLong();
  final AtomicLong huntCalls = new AtomicLong();
  final AtomicLong answered = new AtomicLong();
  final AtomicLong throttled = new AtomicLong();
  final AtomicLong faultThrottled = new AtomicLong();
  final AtomicLong serverErrors = new AtomicLong();
  final AtomicLong malformed = new AtomicLong();
  final AtomicLong rowsSent = new AtomicLong();
  final AtomicLong handlerCpuNanos = new AtomicLong();

  private FakeDefender(
      HttpsServer server, ExecutorService workers, Clock clock, double speedup, int perMinute) {
    this.server = server;
    this.workers = workers;
    this.clock = clock;
    this.speedup = speedup;
    this.callsPerMinute = perMinute;
  }

  /**
   * Starts the fake on a free port of 127.0.0.1 with the key pair in {@code keystore} (PKCS12,
   * password {@code password}).
   */
  public static FakeDefender start(
      Path keystore, char[] password, Clock clock, double speedup, int callsPerMinute)
      throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      keys.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    ExecutorService workers = Executors.newFixedThreadPool(48, r -> daemon(r, "fake-defender"));
    server.setExecutor(workers);
    FakeDefender fake = new FakeDefender(server, workers, clock, speedup, callsPerMinute);
    server.createContext("/", fake::handle);
    server.start();
    return fake;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** The base URL: the Graph endpoint and the Entra authority host both. */
  public String baseUrl() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Makes every hunting call answer this way from now on. */
  public void mode(Mode mode) {
    this.mode = mode;
  }

  /** CPU time the fake's request handlers used, in nanoseconds (their sleeps use none). */
  public long handlerCpuNanos() {
    return handlerCpuNanos.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    long cpu = THREADS.getCurrentThreadCpuTime();
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (path.endsWith("/oauth2/v2.0/token")) {
        token(exchange, path, new String(body, StandardCharsets.UTF_8));
      } else if (path.endsWith("/v2.0/.well-known/openid-configuration")) {
        String tenant = path.substring(1, path.indexOf('/', 1));
        String base = baseUrl() + "/" + tenant;
        ObjectNode doc = JSON.createObjectNode();
        doc.put("token_endpoint", base + "/oauth2/v2.0/token");
        doc.put("issuer", base + "/v2.0");
        doc.put("authorization_endpoint", base + "/oauth2/v2.0/authorize");
        send(exchange, 200, doc.toString(), Map.of());
      } else if (path.equals(HUNT) && exchange.getRequestMethod().equals("POST")) {
        hunt(exchange, body);
      } else {
        send(exchange, 404, error("NotFound", "no such resource " + path), Map.of());
      }
    } finally {
      handlerCpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu);
    }
  }

  private void token(HttpExchange exchange, String path, String form) throws IOException {
    String tenant = path.substring(1, path.indexOf('/', 1));
    if (!form.contains("client_id=" + CLIENT_ID)
        || !form.contains("client_secret=" + CLIENT_SECRET)) {
      send(
          exchange,
          401,
          "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client"
              + " secret provided.\"}",
          Map.of());
      return;
    }
    tokens.incrementAndGet();
    send(
        exchange,
        200,
        "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
            + "\"access_token\":\"bench."
            + tenant
            + "\"}",
        Map.of());
  }

  private void hunt(HttpExchange exchange, byte[] body) throws IOException {
    huntCalls.incrementAndGet();
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.startsWith("Bearer bench.")) {
      send(exchange, 401, error("InvalidAuthenticationToken", "Access token is empty."), Map.of());
      return;
    }
    String tenant = auth.substring("Bearer bench.".length());
    Mode now = mode;
    if (now == Mode.THROTTLE) {
      faultThrottled.incrementAndGet();
      send(
          exchange,
          429,
          error("TooManyRequests", "API calls quota exceeded"),
          Map.of("Retry-After", "30"));
      return;
    }
    long retryAfter = admit(tenant);
    if (retryAfter > 0) {
      throttled.incrementAndGet();
      send(
          exchange,
          429,
          error("TooManyRequests", "API calls quota exceeded! Maximum admitted 45 per 1m."),
          Map.of("Retry-After", Long.toString(retryAfter)));
      return;
    }
    long simulatedMillis = ThreadLocalRandom.current().nextLong(200, 2001);
    sleepSimulated(simulatedMillis);
    switch (now) {
      case SERVER_ERROR -> {
        serverErrors.incrementAndGet();
        send(exchange, 500, error("InternalServerError", "An error occurred."), Map.of());
        return;
      }
      case MALFORMED -> {
        malformed.incrementAndGet();
        send(exchange, 200, "{\"schema\":[{\"name\":\"DeviceId\",\"type\":\"Str", Map.of());
        return;
      }
      default -> {}
    }
    String timespan = JSON.readTree(body).path("Timespan").asText();
    answered.incrementAndGet();
    send(exchange, 200, tigerVnc(tenant, timespan), Map.of());
  }

  /** Seconds to wait before the tenant may call again, or 0 when the call is admitted. */
  private long admit(String tenant) {
    Instant now = clock.instant();
    Deque<Instant> calls = accepted.computeIfAbsent(tenant, t -> new ArrayDeque<>());
    synchronized (calls) {
      Instant minuteAgo = now.minusSeconds(60);
      while (!calls.isEmpty() && !calls.peekFirst().isAfter(minuteAgo)) {
        calls.pollFirst();
      }
      if (calls.size() >= callsPerMinute) {
        Duration wait = Duration.between(minuteAgo, calls.peekFirst());
        return Math.max(1, (wait.toMillis() + 999) / 1000);
      }
      calls.addLast(now);
      return 0;
    }
  }

  private void sleepSimulated(long simulatedMillis) {
    long realNanos = (long) (TimeUnit.MILLISECONDS.toNanos(simulatedMillis) / speedup);
    try {
      TimeUnit.NANOSECONDS.sleep(realNanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The TigerVNC hunt's result in Graph's format: one device seen in about one window in ten,
   * chosen from the tenant and the window so that a repeated window answers the same.
   */
  private String tigerVnc(String tenant, String timespan) {
    ObjectNode root = JSON.createObjectNode();
    root.put(
        "@odata.context",
        "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults");
    ArrayNode schema = root.putArray("schema");
    String[][] columns = {
      {"DeviceId", "String"},
      {"DeviceName", "String"},
      {"RemoteUrl", "String"},
      {"FirstSeen", "DateTime"},
      {"LastSeen", "DateTime"},
      {"Report", "Object"},
      {"Count", "Int64"}
    };
    for (String[] c : columns) {
      schema.addObject().put("name", c[0]).put("type", c[1]);
    }
    ArrayNode results = root.putArray("results");
    int hash = (tenant + "|" + timespan).hashCode();
    if (Math.floorMod(hash, 10) == 0) {
      String[] ends = timespan.split("/");
      Instant start = Instant.parse(ends[0]);
      ObjectNode row = results.addObject();
      row.put("DeviceId", "d" + Math.floorMod(hash, 7));
      row.put("DeviceName", "ws-" + Math.floorMod(hash, 7) + ".contoso.example");
      row.put("RemoteUrl", "vnc-relay.example.net");
      row.put("FirstSeen", start.plusSeconds(60).toString());
      row.put("LastSeen", start.plusSeconds(120).toString());
      row.putArray("Report").add(Math.floorMod(hash, 100_000)).add(Math.floorMod(hash, 99_991));
      row.put("Count", 2);
      rowsSent.incrementAndGet();
    }
    return root.toString();
  }

  private static String error(String code, String message) {
    return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
  }

  private static void send(HttpExchange exchange, int status, String body, Map<String, String> h)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    h.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
