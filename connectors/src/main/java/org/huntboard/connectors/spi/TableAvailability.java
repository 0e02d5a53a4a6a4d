package org.huntboard.connectors.spi;

/**
 * Whether one table a rule needs answers in a tenant, and what to do when it does not.
 *
 * @param table the table name
 * @param status present (rows found), empty (it answers without rows), missing or forbidden
 * @param detail the service's message, or the number of rows seen
 * @param fix what an administrator should do, in words; empty when nothing is to be done
 */
public record TableAvailability(String table, Status status, String detail, String fix) {

  /** The outcome of probing one table. */
  public enum Status {
    PRESENT,
    EMPTY,
    MISSING,
    FORBIDDEN;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public boolean isUsable() {
    return status == Status.PRESENT || status == Status.EMPTY;
  }
}
