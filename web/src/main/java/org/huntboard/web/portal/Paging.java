package org.huntboard.web.portal;

import org.huntboard.web.api.Page;

/**
 * Where a page of a list stands, for the pager: which page, how many, and whether there is a page
 * before and after.
 */
public record Paging(int page, int pages, long total, int from, int to) {

  /** The paging of a list page. */
  public static Paging of(Page<?> page) {
    int pages = (int) Math.max(1, (page.total() + page.size() - 1) / page.size());
    int from = page.items().isEmpty() ? 0 : page.page() * page.size() + 1;
    return new Paging(page.page(), pages, page.total(), from, from + page.items().size() - 1);
  }

  public boolean hasPrevious() {
    return page > 0;
  }

  public boolean hasNext() {
    return page + 1 < pages;
  }

  public int previous() {
    return page - 1;
  }

  public int next() {
    return page + 1;
  }

  /** The page number as people count, from 1. */
  public int shown() {
    return page + 1;
  }
}
