package org.huntboard.web.api;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

/**
 * Parses query and body values that JAX-RS would otherwise reject with a bare 404, into a 400 that
 * names the field.
 */
public final class Params {

  private Params() {}

  /** An optional UUID. */
  public static Optional<UUID> uuid(String name, String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(value.trim()));
    } catch (IllegalArgumentException e) {
      throw new HuntboardException.InvalidRequest(name + " must be a UUID, not '" + value + "'");
    }
  }

  /**
   * A UUID from a path: one that is not a UUID cannot name any object, so it answers 404 like any
   * other unknown object.
   */
  public static UUID pathId(String what, String value) {
    try {
      return UUID.fromString(value.trim());
    } catch (IllegalArgumentException e) {
      throw new HuntboardException.NotFound(what, value);
    }
  }

  /** An optional instant in ISO-8601, e.g. {@code 2026-01-31T00:00:00Z}. */
  public static Optional<Instant> instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value.trim()));
    } catch (DateTimeParseException e) {
      throw new HuntboardException.InvalidRequest(
          name + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z, not '" + value + "'");
    }
  }

  /** An optional duration in ISO-8601, e.g. {@code PT1H} or {@code P5D}. */
  public static Optional<Duration> duration(String name, String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.parse(value.trim()));
    } catch (DateTimeParseException e) {
      throw new HuntboardException.InvalidRequest(
          name + " must be an ISO-8601 duration such as PT1H or P5D, not '" + value + "'");
    }
  }

  /** An optional enum constant, named case-insensitively. */
  public static <E extends Enum<E>> Optional<E> constant(String name, Class<E> type, String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value.trim())) {
        return Optional.of(constant);
      }
    }
    throw new HuntboardException.InvalidRequest(
        name
            + " must be one of "
            + java.util.Arrays.toString(type.getEnumConstants())
            + ", not '"
            + value
            + "'");
  }
}
