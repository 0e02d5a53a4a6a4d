package org.huntboard.connectors.local.engine;

/** IPv4 addresses for {@code ipv4_is_private} and {@code ipv4_is_in_range}. */
final class Ipv4 {

  private Ipv4() {}

  /** {@code [address, prefixLength]} of {@code a.b.c.d[/n]}, or null when it is not one. */
  static long[] parse(String text) {
    String s = text.strip();
    int prefix = 32;
    int slash = s.indexOf('/');
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        return null;
      }
      if (prefix < 0 || prefix > 32) {
        return null;
      }
      s = s.substring(0, slash);
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    long v = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3) {
        return null;
      }
      int octet = 0;
      for (int i = 0; i < p.length(); i++) {
        char c = p.charAt(i);
        if (c < '0' || c > '9') {
          return null;
        }
        octet = octet * 10 + (c - '0');
      }
      if (octet > 255) {
        return null;
      }
      v = (v << 8) | octet;
    }
    return new long[] {v, prefix};
  }

  static boolean inRange(long ip, long network, int prefix) {
    long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    return (ip & mask) == (network & mask);
  }

  /** RFC 1918 ranges: 10/8, 172.16/12, 192.168/16. */
  static boolean isPrivate(long ip) {
    return inRange(ip, 0x0A000000L, 8)
        || inRange(ip, 0xAC100000L, 12)
        || inRange(ip, 0xC0A80000L, 16);
  }
}
