package org.huntboard.web.observability;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the database: a query against Flyway's history answers with the schema version,
 * which proves the connection works and the schema is migrated, not only that a socket opens.
 */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements HealthCheck {

  /** The name of the check in {@code /q/health}. */
  public static final String NAME = "huntboard-database";

  private static final String QUERY =
      "select version from flyway_schema_history where success"
          + " order by installed_rank desc limit 1";

  private final AgroalDataSource dataSource;

  DatabaseHealthCheck(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
    long started = System.nanoTime();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(QUERY)) {
      statement.setQueryTimeout(5);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return response.down().withData("error", "no migration has been applied").build();
        }
        return response
            .up()
            .withData("schemaVersion", row.getString(1))
            .withData("queryMillis", (System.nanoTime() - started) / 1_000_000)
            .build();
      }
    } catch (SQLException e) {
      return response.down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }
}
