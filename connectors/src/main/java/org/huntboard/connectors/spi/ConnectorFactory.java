package org.huntboard.connectors.spi;

/**
 * Makes {@link Connector}s of one kind. Implementations are listed in {@code
 * META-INF/services/org.huntboard.connectors.spi.ConnectorFactory}, discovered with {@link
 * java.util.ServiceLoader} by the {@link ConnectorRegistry}, and selected by {@link #id()}.
 *
 * <p>A factory has a public no-argument constructor and no state of its own: per-tenant state
 * (credentials, rate limiters) lives in {@link ConnectorSettings#runtime()}, so that every
 * connector made for one tenant shares it. New operations are added as {@code default} methods.
 */
public interface ConnectorFactory {

  /** The id that selects this factory in configuration: lower case, e.g. {@code defender}. */
  String id();

  /** One line saying what the connectors of this factory talk to. */
  default String description() {
    return id();
  }

  /**
   * A connector for the tenant and settings given; it validates the settings at once, so that a
   * missing workspace id or credential fails here and not at the first run.
   *
   * @throws IllegalArgumentException naming the missing or malformed setting
   */
  Connector create(ConnectorSettings settings);
}
