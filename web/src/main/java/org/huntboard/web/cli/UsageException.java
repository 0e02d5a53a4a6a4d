package org.huntboard.web.cli;

/** A command line that does not fit the command: printed with a pointer to its help. */
final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String command;

  UsageException(String command, String message) {
    super(message, null, false, false);
    this.command = command;
  }

  /** The subcommand, as typed after {@code huntboard} ({@code query}, {@code rules test}). */
  String command() {
    return command;
  }
}
