package org.huntboard.web.api;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list answer.
 *
 * @param items the objects on this page
 * @param page the page number, from 0
 * @param size the largest number of items on a page
 * @param total how many objects match in all
 */
public record Page<T>(List<T> items, int page, int size, long total) {

  /** The same page with each item mapped, e.g. from entity to answer. */
  public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
    return new Page<>(items.stream().<R>map(mapper).toList(), page, size, total);
  }
}
