package org.huntboard.web.lifecycle;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.quartz.utils.ConnectionProvider;

/**
 * Connections for a Quartz client in the test JVM that writes into the job store of the Huntboard
 * process under test; Quartz sets {@link #setUrl} from its {@code connectionProvider.url} property.
 */
public class JdbcUrlConnectionProvider implements ConnectionProvider {

  private String url;

  /** The JDBC URL, user and password included. */
  public void setUrl(String url) {
    this.url = url;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return DriverManager.getConnection(url);
  }

  @Override
  public void shutdown() {}

  @Override
  public void initialize() {}
}
