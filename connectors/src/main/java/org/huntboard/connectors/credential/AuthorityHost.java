package org.huntboard.connectors.credential;

import java.net.URI;
import java.util.Locale;

/**
 * The Microsoft Entra authority that issues a tenant's tokens: the public cloud, US Government,
 * China (21Vianet), or another HTTPS host (a private authority, or a fake server in tests).
 *
 * @param uri the authority's base URI, ending in {@code /}
 * @param wellKnown whether it is one of Microsoft's clouds; for any other host, instance discovery
 *     (a call to the public cloud asking whether the host is an authority) is turned off
 */
public record AuthorityHost(URI uri, boolean wellKnown) {

  public static final AuthorityHost PUBLIC =
      new AuthorityHost(URI.create("https://login.microsoftonline.com/"), true);
  public static final AuthorityHost US_GOVERNMENT =
      new AuthorityHost(URI.create("https://login.microsoftonline.us/"), true);
  public static final AuthorityHost CHINA =
      new AuthorityHost(URI.create("https://login.chinacloudapi.cn/"), true);

  public AuthorityHost {
    if (!"https".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("an authority host is an https:// URL, not " + uri);
    }
    String s = uri.toString();
    if (!s.endsWith("/")) {
      uri = URI.create(s + "/");
    }
  }

  /**
   * {@code public}, {@code usgov} (or {@code us-government}), {@code china}, or an {@code https://}
   * URL; a URL of one of the three clouds is recognised as well known.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static AuthorityHost parse(String text) {
    String t = text.trim();
    switch (t.toLowerCase(Locale.ROOT)) {
      case "public", "azurepubliccloud", "azure" -> {
        return PUBLIC;
      }
      case "usgov", "us-government", "azureusgovernment" -> {
        return US_GOVERNMENT;
      }
      case "china", "azurechina", "azurechinacloud" -> {
        return CHINA;
      }
      default -> {}
    }
    URI uri;
    try {
      uri = URI.create(t.endsWith("/") ? t : t + "/");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "authority host: expected public, usgov, china or an https:// URL, got '" + t + "'");
    }
    for (AuthorityHost known : new AuthorityHost[] {PUBLIC, US_GOVERNMENT, CHINA}) {
      if (known.uri.equals(uri)) {
        return known;
      }
    }
    return new AuthorityHost(uri, false);
  }

  @Override
  public String toString() {
    return uri.toString();
  }
}
