package org.huntboard.web.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Huntboard as a child process: {@code quarkus-run.jar} of the build, in the production profile,
 * configured only through system properties, with its output in a log file.
 */
final class HuntboardProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private HuntboardProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts the application jar with these settings (system properties) and environment variables;
   * output goes to {@code log}.
   */
  static HuntboardProcess start(
      Path jar,
      Map<String, String> settings,
      Map<String, String> environment,
      Path workDir,
      Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx768m");
    command.add("-XX:+UseSerialGC");
    settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    Files.createDirectories(workDir);
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    Process process =
        builder
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new HuntboardProcess(process, log);
  }

  /** Waits until the application says it started; fails with its output if it exits first. */
  void awaitStarted(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (output().contains(" started in ")) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            "Huntboard exited with " + process.exitValue() + " before it started:\n" + tail());
      }
      Thread.sleep(100);
    }
    throw new AssertionError("Huntboard did not start within " + timeout + ":\n" + tail());
  }

  /** Whether the process still runs. */
  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: the process gets no chance to finish anything. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the killed process did not exit");
    }
  }

  /** SIGTERM, and waits for the orderly shutdown. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** What the process wrote so far. */
  String output() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /** The last lines of the output, for failure messages. */
  String tail() throws IOException {
    List<String> lines = output().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
