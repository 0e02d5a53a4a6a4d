package org.huntboard.web.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server's data survives a normal restart and a crash of the process that started it:
 * each step is a separate JVM, as a real Huntboard restart would be.
 */
class EmbeddedDatabaseRestartTest {

  @TempDir Path folder;

  @Test
  void keepsDataAcrossARestartAndAKilledProcess() throws Exception {
    Path data = folder.resolve("pgdata");

    assertThat(probe(data, "write", "first").waitForValues()).isEqualTo("first");

    Probe hung = probe(data, "write-and-hang", "second");
    assertThat(hung.readValues()).isEqualTo("first second");
    // SIGKILL: no shutdown hook runs, so the PostgreSQL server is left running on the folder.
    hung.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertThat(Files.exists(data.resolve("postmaster.pid"))).isTrue();

    assertThat(probe(data, "read", "").waitForValues()).isEqualTo("first second");
    assertThat(Files.exists(data.resolve("postmaster.pid")))
        .as("the server left behind was stopped, and the restarted one stopped at exit")
        .isFalse();
  }

  private static Probe probe(Path data, String mode, String value) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(EmbeddedDatabaseProbe.class.getName());
    command.add(data.toString());
    command.add(mode);
    command.add(value);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    return new Probe(process);
  }

  private static final class Probe {
    final Process process;
    final BufferedReader output;
    final StringBuilder transcript = new StringBuilder();

    Probe(Process process) {
      this.process = process;
      this.output =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    String readValues() throws IOException {
      String line;
      while ((line = output.readLine()) != null) {
        transcript.append(line).append('\n');
        if (line.startsWith("VALUES")) {
          return line.substring("VALUES".length()).trim();
        }
      }
      throw new AssertionError("the probe ended without answering:\n" + transcript);
    }

    String waitForValues() throws Exception {
      String values = readValues();
      while (output.readLine() != null) {
        // drain until the process exits
      }
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(transcript.toString()).isZero();
      return values;
    }
  }
}
