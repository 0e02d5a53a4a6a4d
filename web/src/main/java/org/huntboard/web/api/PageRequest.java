package org.huntboard.web.api;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/** The {@code page} and {@code size} query parameters of every list endpoint, checked. */
public class PageRequest {

  /** The largest page a caller may ask for. */
  public static final int MAX_SIZE = 500;

  @QueryParam("page")
  @DefaultValue("0")
  int page;

  @QueryParam("size")
  @DefaultValue("50")
  int size;

  public PageRequest() {}

  public PageRequest(int page, int size) {
    this.page = page;
    this.size = size;
  }

  /** The page number, from 0. */
  public int page() {
    if (page < 0) {
      throw new HuntboardException.InvalidRequest("page must be 0 or more, not " + page);
    }
    return page;
  }

  /** The page size, 1 to {@value #MAX_SIZE}. */
  public int size() {
    if (size < 1 || size > MAX_SIZE) {
      throw new HuntboardException.InvalidRequest(
          "size must be between 1 and " + MAX_SIZE + ", not " + size);
    }
    return size;
  }
}
