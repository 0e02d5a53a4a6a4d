package org.huntboard.web.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A plain HTTP client that behaves like a browser towards the portal and Keycloak: it keeps
 * cookies, follows redirects one by one (recording them) and submits Keycloak's login form.
 */
final class PortalBrowser {

  private static final Pattern LOGIN_FORM =
      Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"", Pattern.DOTALL);
  private static final Pattern LOGIN_FORM_ACTION_FIRST =
      Pattern.compile("<form[^>]*action=\"([^\"]+)\"[^>]*id=\"kc-form-login\"", Pattern.DOTALL);

  private final LoopbackCookies cookies = new LoopbackCookies();
  private final HttpClient http =
      HttpClient.newBuilder()
          .cookieHandler(cookies)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final List<HttpResponse<String>> trail = new ArrayList<>();

  /** Every answer this browser received, in order. */
  List<HttpResponse<String>> trail() {
    return trail;
  }

  /** The Set-Cookie headers of every answer received, in order. */
  List<String> setCookies() {
    return trail.stream()
        .flatMap(r -> r.headers().allValues("Set-Cookie").stream())
        .collect(Collectors.toList());
  }

  /** The cookies the browser holds for an address. */
  List<HttpCookie> cookiesFor(URI uri) {
    return cookies.delegate.getCookieStore().get(uri);
  }

  /**
   * Opens a page, signs in on Keycloak's form when sent there, and follows the redirects back to
   * the portal; returns the last answer.
   */
  HttpResponse<String> openSigningIn(URI page, String username, String password) {
    HttpResponse<String> answer = follow(get(page));
    if (answer.statusCode() == 200 && answer.body().contains("kc-form-login")) {
      answer = follow(postLogin(answer, username, password));
    }
    return answer;
  }

  /** Follows redirects from an answer until one is not a redirect. */
  HttpResponse<String> follow(HttpResponse<String> answer) {
    int hops = 0;
    while (answer.statusCode() == 302 || answer.statusCode() == 303) {
      if (++hops > 10) {
        throw new AssertionError("more than 10 redirects, last to " + location(answer));
      }
      answer = get(answer.uri().resolve(location(answer)));
    }
    return answer;
  }

  HttpResponse<String> get(URI uri) {
    return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build());
  }

  HttpResponse<String> get(URI uri, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    headers.forEach(request::header);
    return send(request.GET().build());
  }

  private HttpResponse<String> postLogin(
      HttpResponse<String> page, String username, String password) {
    URI action = page.uri().resolve(loginAction(page.body()));
    Map<String, String> form = new LinkedHashMap<>();
    form.put("username", username);
    form.put("password", password);
    form.put("credentialId", "");
    return send(
        HttpRequest.newBuilder(action)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(Tokens.formBody(form)))
            .build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      trail.add(response);
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static String location(HttpResponse<String> answer) {
    return answer
        .headers()
        .firstValue("Location")
        .orElseThrow(() -> new AssertionError(answer.statusCode() + " without a Location"));
  }

  private static String loginAction(String html) {
    Matcher matcher = LOGIN_FORM.matcher(html);
    if (!matcher.find()) {
      matcher = LOGIN_FORM_ACTION_FIRST.matcher(html);
      if (!matcher.find()) {
        throw new AssertionError("no login form (kc-form-login) in Keycloak's page");
      }
    }
    return matcher.group(1).replace("&amp;", "&");
  }

  /**
   * Keeps cookies like a browser on a loopback address, which browsers treat as a secure context:
   * {@code Secure} cookies (Keycloak's) are kept over plain HTTP there.
   */
  private static final class LoopbackCookies extends CookieHandler {
    private final CookieManager delegate = new CookieManager();

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders)
        throws IOException {
      return delegate.get(uri, requestHeaders);
    }

    @Override
    public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
      Map<String, List<String>> relaxed = new LinkedHashMap<>();
      responseHeaders.forEach(
          (name, values) ->
              relaxed.put(
                  name,
                  name != null && name.equalsIgnoreCase("Set-Cookie")
                      ? values.stream()
                          .map(v -> v.replaceAll("(?i);\\s*Secure(?=;|$)", ""))
                          .collect(Collectors.toList())
                      : values));
      delegate.put(uri, relaxed);
    }
  }
}
