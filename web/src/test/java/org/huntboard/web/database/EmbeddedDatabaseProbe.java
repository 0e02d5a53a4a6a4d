package org.huntboard.web.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;

/**
 * A separate process for {@link EmbeddedDatabaseRestartTest}: starts the embedded server on a data
 * folder and writes or reads a value, so the test can stop or kill it like a real Huntboard.
 */
public final class EmbeddedDatabaseProbe {

  private EmbeddedDatabaseProbe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String mode = args[1];
    String url = EmbeddedDatabase.jdbcUrl(Optional.of(dir), 0);
    try (Connection connection = DriverManager.getConnection(url)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("create table if not exists probe (value text primary key)");
      }
      if (mode.startsWith("write")) {
        try (PreparedStatement insert =
            connection.prepareStatement("insert into probe (value) values (?)")) {
          insert.setString(1, args[2]);
          insert.executeUpdate();
        }
      }
      StringBuilder values = new StringBuilder();
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("select value from probe order by value")) {
        while (rows.next()) {
          values.append(rows.getString(1)).append(' ');
        }
      }
      System.out.println("VALUES " + values.toString().trim());
      System.out.flush();
    }
    if (mode.equals("write-and-hang")) {
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
