package org.huntboard.connectors.spi;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The connector factories found with {@link ServiceLoader}, by id. Selecting an id that no factory
 * has fails at once, listing the ids there are.
 */
public final class ConnectorRegistry {

  private final Map<String, ConnectorFactory> factories;

  private ConnectorRegistry(Map<String, ConnectorFactory> factories) {
    this.factories = Collections.unmodifiableMap(factories);
  }

  /** The factories on the class path of this class's loader. */
  public static ConnectorRegistry load() {
    return load(ConnectorRegistry.class.getClassLoader());
  }

  /**
   * The factories visible to {@code loader}.
   *
   * @throws IllegalStateException when two factories claim the same id
   */
  public static ConnectorRegistry load(ClassLoader loader) {
    Map<String, ConnectorFactory> byId = new TreeMap<>();
    for (ConnectorFactory f : ServiceLoader.load(ConnectorFactory.class, loader)) {
      ConnectorFactory previous = byId.putIfAbsent(f.id(), f);
      if (previous != null) {
        throw new IllegalStateException(
            "two connector factories claim the id '"
                + f.id()
                + "': "
                + previous.getClass().getName()
                + " and "
                + f.getClass().getName());
      }
    }
    return new ConnectorRegistry(byId);
  }

  /** The known ids, sorted. */
  public java.util.Set<String> ids() {
    return factories.keySet();
  }

  /**
   * The factory with this id.
   *
   * @throws IllegalArgumentException for an unknown id, naming the known ones
   */
  public ConnectorFactory factory(String id) {
    ConnectorFactory f = factories.get(id);
    if (f == null) {
      throw new IllegalArgumentException(
          "unknown connector '"
              + id
              + "'; known connectors: "
              + String.join(", ", factories.keySet()));
    }
    return f;
  }

  /** A connector of kind {@code id} for the settings given. */
  public Connector create(String id, ConnectorSettings settings) {
    return factory(id).create(settings);
  }
}
