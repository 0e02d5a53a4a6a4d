package org.huntboard.web.api;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/** The {@code page} and {@code size} query parameters of every list endpoint, checked. */
public class PageRequest {

  /** The largest page a caller may ask for. */
  public static final int MAX_SIZE = 500;

  // Text, not int: JAX-RS answers a query parameter it cannot convert with a bare 404.
  @QueryParam("page")
  @DefaultValue("0")
  String page;

  @QueryParam("size")
  @DefaultValue("50")
  String size;

  public PageRequest() {}

  public PageRequest(int page, int size) {
    this.page = Integer.toString(page);
    this.size = Integer.toString(size);
  }

  /** The page number, from 0. */
  public int page() {
    int page = number("page", this.page);
    if (page < 0) {
      throw new HuntboardException.InvalidRequest("page must be 0 or more, not " + page);
    }
    return page;
  }

  /** The page size, 1 to {@value #MAX_SIZE}. */
  public int size() {
    int size = number("size", this.size);
    if (size < 1 || size > MAX_SIZE) {
      throw new HuntboardException.InvalidRequest(
          "size must be between 1 and " + MAX_SIZE + ", not " + size);
    }
    return size;
  }

  private static int number(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new HuntboardException.InvalidRequest(
          name + " must be a whole number, not '" + value + "'");
    }
  }
}
