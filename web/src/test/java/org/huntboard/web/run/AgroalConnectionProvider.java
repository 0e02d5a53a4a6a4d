package org.huntboard.web.run;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import java.sql.Connection;
import java.sql.SQLException;
import org.quartz.utils.ConnectionProvider;

/** Gives the test's Quartz nodes connections from the application's pool, on its database. */
public class AgroalConnectionProvider implements ConnectionProvider {

  @Override
  public Connection getConnection() throws SQLException {
    return Arc.container().instance(AgroalDataSource.class).get().getConnection();
  }

  @Override
  public void shutdown() {}

  @Override
  public void initialize() {}
}
