package org.huntboard.connectors.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.huntboard.connectors.local.engine.EngineOptions;
import org.huntboard.connectors.local.engine.KqlEngine;
import org.huntboard.connectors.local.load.LoadOptions;
import org.huntboard.connectors.local.load.TelemetryDatabase;
import org.huntboard.connectors.spi.Connector;
import org.huntboard.connectors.spi.ConnectorFactory;
import org.huntboard.connectors.spi.ConnectorSettings;
import org.huntboard.connectors.table.Table;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;

/**
 * Makes {@link LocalConnector}s (id {@code local}): the embedded engine over the telemetry folder
 * {@link ConnectorSettings#DATABASE}, loaded strictly once when the connector is made, with the
 * Defender schemas; {@link ConnectorSettings#REQUEST_TIMEOUT} bounds one query. No credential.
 */
public final class LocalConnectorFactory implements ConnectorFactory {

  public static final String ID = "local";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "Huntboard's embedded KQL engine over a folder of exported telemetry";
  }

  @Override
  public Connector create(ConnectorSettings settings) {
    Path folder = Path.of(settings.require(ConnectorSettings.DATABASE, "the telemetry folder"));
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("the database folder " + folder + " does not exist");
    }
    TelemetryDatabase db;
    try {
      db =
          TelemetryDatabase.load(
              folder, SchemaCatalog.builtIn(Dialect.DEFENDER), LoadOptions.strict());
    } catch (DiagnosticException e) {
      throw new IllegalArgumentException("cannot load " + folder + ": " + e.first().format(), e);
    }
    return of(db.tables(), settings);
  }

  /** A connector over tables already in memory (tests, generated databases). */
  public static LocalConnector of(Map<String, Table> tables, ConnectorSettings settings) {
    EngineOptions options = EngineOptions.defaults().withClock(settings.runtime().clock());
    if (settings.property(ConnectorSettings.REQUEST_TIMEOUT).isPresent()) {
      options = options.withTimeout(settings.duration(ConnectorSettings.REQUEST_TIMEOUT, null));
    }
    return new LocalConnector(tables, new KqlEngine(options));
  }
}
