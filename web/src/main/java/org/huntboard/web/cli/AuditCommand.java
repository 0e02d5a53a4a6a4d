package org.huntboard.web.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.huntboard.web.audit.service.AuditChain;
import org.huntboard.web.audit.service.AuditChainCheck;

/**
 * {@code huntboard audit verify}: checks the audit log's hash chain straight from the database,
 * without starting Huntboard, and names the first broken link.
 */
final class AuditCommand {

  /** The exit code when the chain is broken. */
  static final int CHAIN_BROKEN = 9;

  static final String HELP =
      """
      huntboard audit: check Huntboard's audit log.

      Usage:
        huntboard audit verify --jdbc-url URL [--user NAME] [--password SECRET]

      verify  reads every audit event in order straight from the database and recomputes its
              SHA-256 link: each event's hash covers the hash of the one before it and its own
              content, so an edited, removed or inserted event breaks the chain from there on.
              Prints "audit chain intact: N events", or the first broken link (sequence number,
              what the event records, the hash expected and the hash found).

      The password may also come from the PGPASSWORD variable, which keeps it out of the process
      list. A read-only database user is enough.

      Exit codes: 0 intact; 9 the chain is broken; 3 the database cannot be read; 1 usage.

      Example:
        huntboard audit verify --jdbc-url jdbc:postgresql://db.internal:5432/huntboard --user auditor
      """;

  private static final String EVENTS =
      "select seq, occurred_at, actor, action, object_type, object_id, tenant_id,"
          + " before_state::text, after_state::text, previous_hash, hash"
          + " from audit_event order by seq";

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  AuditCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  int run(List<String> args) {
    if (args.isEmpty() || args.get(0).equals("--help")) {
      out.print(HELP);
      return args.isEmpty() ? Huntboard.USAGE : Huntboard.OK;
    }
    String verb = args.get(0);
    if (!verb.equals("verify")) {
      throw new UsageException("audit", "unknown audit command " + verb + " (verify)");
    }
    Arguments a =
        Arguments.parse(
            "audit verify",
            args.subList(1, args.size()),
            Set.of("jdbc-url", "user", "password"),
            Set.of());
    if (a.help()) {
      out.print(HELP);
      return Huntboard.OK;
    }
    a.atMostOperands(0);
    String url = a.required("jdbc-url");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new UsageException(
          "audit verify", "--jdbc-url must be a PostgreSQL JDBC URL (jdbc:postgresql://...)");
    }
    Properties login = new Properties();
    if (a.value("user") != null) {
      login.setProperty("user", a.value("user"));
    }
    String password = a.value("password") != null ? a.value("password") : env.get("PGPASSWORD");
    if (password != null) {
      login.setProperty("password", password);
    }
    AuditChainCheck.Result result;
    try (Connection connection = DriverManager.getConnection(url, login)) {
      connection.setReadOnly(true);
      // Without auto-commit the driver reads through a cursor, a fetch at a time.
      connection.setAutoCommit(false);
      try (PreparedStatement query = connection.prepareStatement(EVENTS)) {
        query.setFetchSize(1000);
        try (ResultSet rows = query.executeQuery()) {
          result = AuditChainCheck.verify(new Rows(rows));
        }
      } finally {
        connection.rollback();
      }
    } catch (SQLException | UncheckedSqlException e) {
      SQLException cause = e instanceof UncheckedSqlException u ? u.getCause() : (SQLException) e;
      // The driver's message names the host and the failure, never the password.
      err.println("huntboard audit verify: cannot read the audit log: " + cause.getMessage());
      return Huntboard.DATA_ERROR;
    }
    if (result.intact()) {
      out.println("audit chain intact: " + result.eventsChecked() + " events");
      return Huntboard.OK;
    }
    out.println("audit chain BROKEN at event seq " + result.firstBrokenSeq());
    out.println("  event:    " + result.brokenEvent());
    out.println("  problem:  " + result.problem());
    out.println("  expected: " + result.expectedHash());
    out.println("  actual:   " + result.actualHash());
    out.println("  events checked: " + result.eventsChecked());
    return CHAIN_BROKEN;
  }

  /** The rows of the audit query as stored events, read one at a time. */
  private static final class Rows implements Iterator<AuditChainCheck.StoredEvent> {
    private final ResultSet rows;
    private Boolean ahead;

    Rows(ResultSet rows) {
      this.rows = rows;
    }

    @Override
    public boolean hasNext() {
      if (ahead == null) {
        try {
          ahead = rows.next();
        } catch (SQLException e) {
          throw new UncheckedSqlException(e);
        }
      }
      return ahead;
    }

    @Override
    public AuditChainCheck.StoredEvent next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ahead = null;
      try {
        return new AuditChainCheck.StoredEvent(
            new AuditChain.Content(
                rows.getLong(1),
                rows.getObject(2, OffsetDateTime.class).toInstant(),
                rows.getString(3),
                rows.getString(4),
                rows.getString(5),
                rows.getString(6),
                rows.getObject(7, UUID.class),
                rows.getString(8),
                rows.getString(9)),
            rows.getString(10),
            rows.getString(11));
      } catch (SQLException e) {
        throw new UncheckedSqlException(e);
      }
    }
  }

  private static final class UncheckedSqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedSqlException(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }
}
